# Build configuration. Override on the command line: make DEBUG=n
DEBUG ?= y
CC ?= gcc
