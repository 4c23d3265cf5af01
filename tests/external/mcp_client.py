"""An MCP client (the official Python SDK) against procura's /mcp.

Usage: python mcp_client.py URL API_KEY TENANT
Lists the tools, pages purchase orders twice following the cursor, reads one invoice.
Exits non-zero, saying why, on any failure.
"""

import asyncio
import json
import sys

import httpx2
from mcp import Client
from mcp.client.streamable_http import streamable_http_client


def structured(result):
    if result.is_error:
        raise SystemExit(f"tool error: {result.content}")
    data = result.structured_content
    if data is None:
        data = json.loads(result.content[0].text)
    return data


async def main(url: str, key: str, tenant: str) -> None:
    headers = {"Authorization": f"Bearer {key}", "X-Tenant-Id": tenant}
    async with httpx2.AsyncClient(headers=headers, timeout=60) as http:
        async with Client(streamable_http_client(url, http_client=http)) as client:
            print(f"protocol {client.protocol_version}")
            tools = await client.list_tools()
            names = {t.name for t in tools.tools}
            for needed in ("list_purchase_orders", "get_purchase_order", "get_invoice", "list_invoices"):
                if needed not in names:
                    raise SystemExit(f"missing tool {needed}; have {sorted(names)}")
            print(f"{len(names)} tools")

            first = structured(await client.call_tool("list_purchase_orders", {"limit": 3}))
            if len(first["result"]) != 3 or not first["next_cursor"]:
                raise SystemExit(f"unexpected first page: {first}")
            second = structured(
                await client.call_tool("list_purchase_orders", {"limit": 3, "cursor": first["next_cursor"]})
            )
            a = [r["id"] for r in first["result"]]
            b = [r["id"] for r in second["result"]]
            if not b or set(a) & set(b) or int(b[0]) <= int(a[-1]):
                raise SystemExit(f"cursor did not move on: {a} then {b}")
            print(f"pages: {a} then {b}")

            invoices = structured(await client.call_tool("list_invoices", {"limit": 1}))
            invoice_id = invoices["result"][0]["id"]
            invoice = structured(await client.call_tool("get_invoice", {"id": invoice_id}))
            if invoice["id"] != invoice_id or "number" not in invoice:
                raise SystemExit(f"unexpected invoice: {invoice}")
            print(f"invoice {invoice_id}: {invoice['number']}")

            bad = await client.call_tool("get_invoice", {"id": "999999999999"})
            if not bad.is_error:
                raise SystemExit("an unknown invoice should be a tool error")
            print("unknown invoice: tool error, as it should be")


if __name__ == "__main__":
    asyncio.run(main(*sys.argv[1:4]))
