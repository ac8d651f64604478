"""Regions through the real binary: CRUD on /regions, 400s naming the field, 409 region_overlap
naming the other region and rule, devices taking their region (list field, filter, sort) when
regions change and when devices are imported, a restart keeping everything.
"""
import os
import sys
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "harness"))
from printwarden import PrintwardenTestCase  # noqa: E402


def region(name, rules, time_zone="Europe/Paris", description=""):
    return {"name": name, "description": description, "timeZone": time_zone,
            "rules": [{"type": t, "value": v} for t, v in rules]}


def csv(rows):
    lines = ["DeviceType,ProductName,Manufacturer,PhysicalAddress,State,IPAddress,HostName,"
             "SerialNumber"]
    for i, (ip, host) in enumerate(rows):
        lines.append(f"Printer,M1,HP,02:00:00:00:01:{i:02x},Managed,{ip},{host},RG{i}")
    return ("\r\n".join(lines) + "\r\n").encode()


class RegionsApiTest(PrintwardenTestCase):
    def assertProblem(self, resp, status, code, mentions):
        self.assertEqual(resp.status, status, resp.body)
        body = resp.json()
        self.assertEqual(body["code"], code)
        self.assertIn(mentions, body["message"])
        return body

    def regions_of(self, client, query=""):
        page = client.request("GET", "/api/v1/devices?pageSize=200" + query).json()
        return {d["ipAddress"]: (d["region"] or {}).get("name") for d in page["items"]}

    def import_devices(self, client, rows):
        resp = client.request("POST", "/api/v1/devices/import?format=csv", raw=csv(rows),
                              headers={"Content-Type": "text/csv"})
        self.assertEqual(resp.status, 200, resp.body)

    def test_crud_membership_and_restart(self):
        manager = self.manager()
        client = manager.admin()
        self.import_devices(client, [("10.1.0.5", ""), ("10.9.0.5", "p1.Lyon.Example"),
                                     ("10.2.0.5", "p2.lyon.example"), ("10.7.0.5", "x.xlyon.example")])
        self.assertEqual(set(self.regions_of(client).values()), {None})

        created = client.request("POST", "/api/v1/regions", region(
            " Paris ", [("cidr", "10.1.0.0/16"), ("address", "10.2.0.5")], description="HQ"))
        self.assertEqual(created.status, 201, created.body)
        paris = created.json()
        self.assertEqual(paris["name"], "Paris")
        self.assertEqual(paris["deviceCount"], 2)
        self.assertEqual(paris["rules"], [{"type": "cidr", "value": "10.1.0.0/16"},
                                          {"type": "address", "value": "10.2.0.5"}])
        lyon = client.request("POST", "/api/v1/regions",
                              region("Lyon", [("suffix", ".LYON.example.")], "Asia/Tokyo")).json()
        self.assertEqual(lyon["rules"], [{"type": "suffix", "value": "lyon.example"}])
        # IPv4 rules win: 10.2.0.5 is named under lyon.example but stays in Paris.
        self.assertEqual(self.regions_of(client), {
            "10.1.0.5": "Paris", "10.9.0.5": "Lyon", "10.2.0.5": "Paris", "10.7.0.5": None})

        # Filter and sort by region.
        lyon_only = self.regions_of(client, f"&filter[region]={lyon['id']}")
        self.assertEqual(lyon_only, {"10.9.0.5": "Lyon"})
        nowhere = self.regions_of(client, "&filter[region]=none")
        self.assertEqual(nowhere, {"10.7.0.5": None})
        ordered = client.request("GET", "/api/v1/devices?sort=region&order=desc").json()["items"]
        self.assertEqual([(d["region"] or {}).get("name") for d in ordered],
                         ["Paris", "Paris", "Lyon", None])
        self.assertProblem(client.request("GET", "/api/v1/devices?filter[region]=paris"), 400,
                           "invalid_input", "filter region")

        # Overlaps are refused naming the other region and rule.
        refused = self.assertProblem(
            client.request("POST", "/api/v1/regions",
                           region("Nice", [("range", "10.0.255.0-10.1.0.1"), ("suffix", "lyon.example"),
                                           ("suffix", "nice.lyon.example")])),
            409, "region_overlap", "rules[0].value \"10.0.255.0-10.1.0.1\" overlaps \"10.1.0.0/16\" of region \"Paris\"")
        self.assertEqual(refused["details"], [
            {"field": "rules[0].value", "rule": "10.0.255.0-10.1.0.1", "regionId": paris["id"],
             "regionName": "Paris", "otherRule": "10.1.0.0/16"},
            {"field": "rules[1].value", "rule": "lyon.example", "regionId": lyon["id"],
             "regionName": "Lyon", "otherRule": "lyon.example"}])
        self.assertProblem(client.request("POST", "/api/v1/regions", region("paris", [])), 409,
                           "name_taken", "paris")

        # Edit: Paris shrinks; its former device falls to nothing, a new import finds its region.
        edited = client.request("PUT", f"/api/v1/regions/{paris['id']}",
                                region("Paris", [("cidr", "10.1.0.0/24")]))
        self.assertEqual(edited.status, 200, edited.body)
        self.assertEqual(edited.json()["deviceCount"], 1)
        self.assertEqual(self.regions_of(client)["10.2.0.5"], "Lyon")
        self.import_devices(client, [("10.1.0.5", ""), ("10.9.0.5", "p1.Lyon.Example"),
                                     ("10.2.0.5", "p2.lyon.example"), ("10.7.0.5", "x.xlyon.example"),
                                     ("10.1.0.77", "")])
        self.assertEqual(self.regions_of(client)["10.1.0.77"], "Paris")

        manager.stop()
        manager.start()
        client = manager.admin()
        listed = client.request("GET", "/api/v1/regions").json()["items"]
        self.assertEqual([(r["name"], r["timeZone"], r["deviceCount"]) for r in listed],
                         [("Lyon", "Asia/Tokyo", 2), ("Paris", "Europe/Paris", 2)])

        self.assertEqual(client.request("DELETE", f"/api/v1/regions/{lyon['id']}").status, 204)
        self.assertProblem(client.request("GET", f"/api/v1/regions/{lyon['id']}"), 404, "not_found",
                           f"Region {lyon['id']}")
        self.assertEqual(self.regions_of(client)["10.9.0.5"], None)
        device = client.request("GET", "/api/v1/devices?filter[ipAddress]=10.1.0.77").json()["items"][0]
        self.assertEqual(client.request("GET", f"/api/v1/devices/{device['id']}").json()["region"],
                         {"id": paris["id"], "name": "Paris"})

    def test_bad_regions_are_refused_naming_the_field(self):
        client = self.manager().admin()
        bad = self.assertProblem(
            client.request("POST", "/api/v1/regions",
                           region("X", [("cidr", "10.0.0.1/24"), ("address", "2001:db8::1")], "Mars/Base")),
            400, "invalid_input", "timeZone \"Mars/Base\"")
        self.assertEqual([d["field"] for d in bad["details"]],
                         ["timeZone", "rules[0].value", "rules[1].value"])
        self.assertIn("host bits", bad["details"][1]["message"])
        self.assertProblem(client.request("POST", "/api/v1/regions", {"name": "X", "timeZone": "UTC"}),
                           400, "invalid_input", "rules is required")
        self.assertProblem(
            client.request("POST", "/api/v1/regions",
                           {"name": "X", "timeZone": "UTC", "rules": [{"type": "ipv6", "value": "::"}]}),
            400, "invalid_input", "rules[0].type must be address, range, cidr or suffix")
        self.assertProblem(client.request("POST", "/api/v1/regions",
                                          {"name": "X", "timeZone": "UTC", "rules": [], "color": "red"}),
                           400, "invalid_input", "\"color\" is not a member")
        self.assertProblem(client.request("PUT", "/api/v1/regions/99", region("X", [])), 404,
                           "not_found", "Region 99")
        self.assertEqual(client.request("GET", "/api/v1/regions").json(), {"items": []})


if __name__ == "__main__":
    unittest.main()
