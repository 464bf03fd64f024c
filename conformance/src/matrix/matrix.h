/*
 * matrix.h — matrix/, `sockspec matrix`: every implementation x kernel x
 * platform this machine can run (host runs, one guest per kernel, interop
 * pairs, arm64), each run's results with its environment, then the
 * report. It runs `sockspec run` as child processes, never a case itself.
 */
#ifndef SOCKSPEC_MATRIX_H
#define SOCKSPEC_MATRIX_H

int cmd_matrix(int argc, char **argv);

#endif
