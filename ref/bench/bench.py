"""CPython's side of `make bench`: the same workloads as bench.c, timed
inside the interpreter. Usage: bench.py pingpong N | bulk BYTES"""
import socket
import sys
import threading
import time

CHUNK = 1 << 20


def pingpong(n):
    a, b = socket.socketpair()

    def echo():
        for _ in range(n):
            b.send(b.recv(1))

    t = threading.Thread(target=echo)
    t0 = time.perf_counter()
    t.start()
    for _ in range(n):
        a.send(b'x')
        a.recv(1)
    t.join()
    return time.perf_counter() - t0


def bulk(total):
    a, b = socket.socketpair()
    data = b'\x5a' * CHUNK

    def send():
        for _ in range(total // CHUNK):
            a.sendall(data)

    buf = bytearray(CHUNK)
    t = threading.Thread(target=send)
    t0 = time.perf_counter()
    t.start()
    done = 0
    while done < total // CHUNK * CHUNK:
        done += b.recv_into(buf)
    t.join()
    return time.perf_counter() - t0


if __name__ == '__main__':
    work, n = sys.argv[1], int(sys.argv[2])
    print('%.6f' % (pingpong(n) if work == 'pingpong' else bulk(n)))
