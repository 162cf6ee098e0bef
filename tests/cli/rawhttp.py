# tests/cli/rawhttp.py PORT BYTES [SECONDS]: send BYTES (Python escapes:
# \r \n \xHH) to 127.0.0.1:PORT as they are, print what comes back within
# SECONDS (default 3) — for requests curl will not send. Exit 3 when the
# server sent nothing before it closed or the time ran out.
import socket
import sys

port = int(sys.argv[1])
data = sys.argv[2].encode('latin-1').decode('unicode_escape').encode('latin-1')
wait = float(sys.argv[3]) if len(sys.argv) > 3 else 3.0
s = socket.create_connection(('127.0.0.1', port))
s.settimeout(wait)
got = b''
try:
    s.sendall(data)
    while True:
        b = s.recv(65536)
        if not b:
            break
        got += b
except (socket.timeout, ConnectionResetError, BrokenPipeError):
    pass
sys.stdout.write(got.decode('latin-1'))
sys.exit(0 if got else 3)
