"""A receiver of procura's change notifications, verified by the official Standard
Webhooks library (`pip install standardwebhooks`).

    PROCURA_SUBSCRIPTION_SECRET=whsec_... python webhook_receiver.py PORT [EVENTS.jsonl]

Every event whose signature verifies is answered 204 and written as one JSON line
(`webhook-id` beside the event) to EVENTS.jsonl, or printed when no file is named; a
signature that does not verify is answered 400 and written as {"invalid": ...}.
"""

import json
import os
import sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from standardwebhooks.webhooks import Webhook, WebhookVerificationError

webhook = Webhook(os.environ["PROCURA_SUBSCRIPTION_SECRET"])
out = open(sys.argv[2], "a", buffering=1) if len(sys.argv) > 2 else sys.stdout


class Receiver(BaseHTTPRequestHandler):
    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("content-length", 0)))
        headers = {k.lower(): v for k, v in self.headers.items()}
        try:
            event = webhook.verify(body, headers)
        except WebhookVerificationError as e:
            out.write(json.dumps({"invalid": str(e)}) + "\n")
            self.send_response(400)
            self.end_headers()
            return
        out.write(json.dumps({"webhook_id": headers["webhook-id"], "event": event}) + "\n")
        self.send_response(204)
        self.end_headers()

    def log_message(self, *args):
        pass


ThreadingHTTPServer(("127.0.0.1", int(sys.argv[1])), Receiver).serve_forever()
