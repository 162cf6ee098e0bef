"""A stand-in for data.gdeltproject.org in tests of bloc follow: serves the
files of a folder on a loopback port (printed on stdout) and misbehaves as
the folder's behaviour.json says, read on every request:
  {"fail": {"/x.zip": 2}}    answer 500 to the first 2 requests for /x.zip
  {"slow": ["/x.zip"]}       wait 5 s before answering
  {"truncate": ["/x.zip"]}   send only half of the file (and close)
  {"missing": ["/x.zip"]}    answer 404
  {"trickle": 0.3}           send every file in 8 pieces, 0.3 s apart
usage: fake_gdelt.py FOLDER"""
import http.server
import json
import os
import socketserver
import sys
import time

root = sys.argv[1]
counts = {}
seen = {"mtime": None}


class Handler(http.server.BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def do_GET(self):
        try:
            with open(os.path.join(root, "behaviour.json")) as f:
                how = json.load(f)
        except (OSError, ValueError):
            how = {}
        try:
            mtime = os.stat(os.path.join(root, "behaviour.json")).st_mtime_ns
        except OSError:
            mtime = None
        if mtime != seen["mtime"]:  # new behaviour: count requests afresh
            seen["mtime"] = mtime
            counts.clear()
        path = self.path.split("?")[0]
        counts[path] = counts.get(path, 0) + 1
        if path in how.get("missing", []):
            self.send_error(404)
            return
        if counts[path] <= how.get("fail", {}).get(path, 0):
            self.send_error(500)
            return
        if path in how.get("slow", []):
            time.sleep(5)
        name = os.path.normpath(os.path.join(root, path.lstrip("/")))
        if not name.startswith(os.path.abspath(root)) or not os.path.isfile(name):
            self.send_error(404)
            return
        with open(name, "rb") as f:
            data = f.read()
        self.send_response(200)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        if path in how.get("truncate", []):
            self.wfile.write(data[: len(data) // 2])
            self.wfile.flush()
            self.close_connection = True
            return
        pause = how.get("trickle", 0)
        if pause:
            step = max(1, len(data) // 8)
            for at in range(0, len(data), step):
                self.wfile.write(data[at:at + step])
                self.wfile.flush()
                time.sleep(pause)
            return
        self.wfile.write(data)


class Server(socketserver.ThreadingMixIn, http.server.HTTPServer):
    daemon_threads = True


root = os.path.abspath(root)
srv = Server(("127.0.0.1", 0), Handler)
print(srv.server_address[1], flush=True)
srv.serve_forever()
