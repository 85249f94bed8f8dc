#!/usr/bin/env python3
"""gen_quotes.py ROWS [SEED] — a deterministic quote CSV for bench_quotes.sh:
40 firms, 3 modes, ~60 lanes and equipment, USD/EUR/ZAR (fx: bench/fx.csv),
some rows with validity windows. Written to stdout."""
import random
import sys

rows = int(sys.argv[1])
rng = random.Random(int(sys.argv[2]) if len(sys.argv) > 2 else 42)
firms = ["Firm %02d Components" % i for i in range(1, 41)]
sea_dest = ["DEHAM", "NLRTM", "GBFXT", "BEANR", "CNSHA", "USNYC", "JPYOK", "ESVLC"]
lanes = []
for d in sea_dest:
    for eq in ("20GP", "40GP", "40HC", "LCL"):
        lanes.append(("sea", "ZADUR", d, eq, 1500 if eq != "LCL" else 60))
        lanes.append(("sea", d, "ZADUR", eq, 1200 if eq != "LCL" else 55))
for d in ("DEHAM", "GBLHR", "USORD"):
    lanes.append(("air", "ZADUR", d, "AIR", 4))
for d in ("ZAJNB", "ZACPT", "ZAPLZ"):
    lanes.append(("road", "ZADUR", d, "FTL", 900))
    lanes.append(("road", "ZADUR", d, "LTL", 1))
currencies = (("USD", 1.0), ("EUR", 1 / 1.10), ("ZAR", 1 / 0.05))
out = sys.stdout
out.write("firm,mode,origin,destination,equipment,amount,currency,surcharges,min_charge,"
          "transit_days,valid_from,valid_to,carrier\n")
for i in range(rows):
    firm = firms[int(rng.random() * len(firms))]
    mode, orig, dest, eq, base = lanes[int(rng.random() * len(lanes))]
    cur, per_usd = currencies[int(rng.random() * 3)]
    amount = base * (0.7 + 0.8 * rng.random()) * per_usd
    sur = base * 0.1 * rng.random() * per_usd
    minc = "%.2f" % (base * 5 * per_usd) if eq in ("LCL", "AIR", "LTL") else ""
    transit = {"sea": 28, "air": 3, "road": 2}[mode] + int(rng.random() * 5)
    month = 1 + int(rng.random() * 12)
    valid = ("2026-%02d-01" % month, "2026-%02d-28" % month) if rng.random() < 0.3 else ("", "")
    out.write("%s,%s,%s,%s,%s,%.2f,%s,%.2f,%s,%d,%s,%s,Carrier %d\n" % (
        firm, mode, orig, dest, eq, amount, cur, sur, minc, transit, valid[0], valid[1],
        int(rng.random() * 6)))
