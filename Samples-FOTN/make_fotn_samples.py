#!/usr/bin/env python3
"""Writes the current-site pages of Samples-FOTN/ (kazakhstan-2015.txt, the old site's page, is
written by hand): the real category figures of the publisher's pages, question scores of our
own that sum to them, and prose of our own. Then `make samples` writes their YAML, XML and JSON."""
# Writes Samples-FOTN/*.txt: pages in the current site's layout, with the real category figures
# of the spec and question scores of our own that sum to them; all prose is our own.
import os
OUT = os.path.dirname(os.path.abspath(__file__))
MAX = {"A1":6,"A2":3,"A3":6,"A4":6,"A5":4,"B1":6,"B2":4,"B3":4,"B4":4,"B5":4,"B6":3,"B7":4,"B8":6,
       "C1":6,"C2":4,"C3":6,"C4":4,"C5":6,"C6":6,"C7":5,"C8":3}
Q = {
 "A1": "How far do the state of the networks and their cost keep people from going online?",
 "A2": "Is going online out of reach for some people because of where they live or what they can pay?",
 "A3": "Does the state restrict connectivity or control the internet's infrastructure?",
 "A4": "Do rules or costs keep providers of internet access from competing?",
 "A5": "Does the body that regulates internet access act fairly and independently?",
 "B1": "Does the state block or filter content online?",
 "B2": "Are providers or hosts made to delete content, by the state or others?",
 "B3": "Are restrictions on content set out in law, proportionate and open to appeal?",
 "B4": "Do writers and users censor themselves online?",
 "B5": "Is what people find online manipulated by the state or others for their own ends?",
 "B6": "Do costs or rules keep people from publishing online?",
 "B7": "Can people find a range of sources and views online, in their own languages?",
 "B8": "Can people organize and campaign online?",
 "C1": "Does the law protect free expression and access to information online, and do courts uphold it?",
 "C2": "Do laws punish people for what they do online?",
 "C3": "Are people arrested or jailed for what they do online?",
 "C4": "Does the state limit anonymous communication or encryption?",
 "C5": "Does the state watch what people do online, beyond what privacy rights allow?",
 "C6": "Must providers hand over data about users, or keep it for the state?",
 "C7": "Are people attacked or threatened for what they do online?",
 "C8": "Are critics and news sites hacked or hit by other attacks?",
}
TOPIC = {"A": "access to the internet", "B": "what may be said and read online", "C": "users' rights"}
GROUP = {"A": "A Obstacles to Access", "B": "B Limits on Content", "C": "C Violations of User Rights"}

def split(total, codes):
    # Scores per question that sum to `total`, each within its maximum, filled in order.
    out = {}
    left = total
    for c in codes:
        out[c] = 0
    # spread evenly: round-robin one point at a time
    while left > 0:
        for c in codes:
            if left and out[c] < MAX[c]:
                out[c] += 1; left -= 1
    return out

def scores(a, b, c, tweak=None):
    s = {}
    s.update(split(a, ["A1","A2","A3","A4","A5"]))
    s.update(split(b, ["B1","B2","B3","B4","B5","B6","B7","B8"]))
    s.update(split(c, ["C1","C2","C3","C4","C5","C6","C7","C8"]))
    for k, v in (tweak or {}).items(): s[k] += v
    return s

def page(country, edition, status, total, a, b, c, last, kd, qs, changes, title=False):
    L = []
    if title:
        L += [f"Freedom on the Net {edition} - {country}", ""]
    else:
        L += [country, ""]
    L += [status, str(total), "100",
          f"A Obstacles to Access {a} 25", f"B Limits on Content {b} 35", f"C Violations of User Rights {c} 40"]
    if last:
        L += ["Last Year's Score & Status", f"{last[0]} 100 {last[1]}"]
    L += ["Scores are based on a scale of 0 (least free) to 100 (most free). See the methodology and report acknowledgements.",
          f"{country}_hero", "",
          f"header1 Key Developments, June 1, {edition-1} – May 31, {edition}", ""]
    L += [kd[0], ""]
    for k in kd[1:]:
        L.append("  • " + k)
    L.append("")
    group = None
    for code in MAX:
        g = code[0]
        if g != group:
            L += [GROUP[g], ""]
            group = g
        m, s = MAX[code], qs[code]
        L += [f"{code} 1.00-{m}.00 pts0-{m} pts", f"{Q[code]} {s}.00{s} {m}.00{m}", ""]
        L += [f"In the coverage period, {TOPIC[g]} in {country} scored {s} of {m} on this question; this sample paragraph was written for transit's tests and summarizes no real report.", ""]
        if code in changes:
            old = changes[code]
            verb = "improved" if s > old else "declined"
            L += [f"Score Change: The score {verb} from {old} to {s} because of developments described above.", ""]
    while L and L[-1] == "": L.pop()
    return "\n".join(L) + "\n"

def write(name, text):
    with open(os.path.join(OUT, name + ".txt"), "w") as f: f.write(text)

# Russia: 2024 (20 = 10 + 5 + 5, last year 21), 2025 (17 = 10 + 4 + 3, last year 20).
ru24 = scores(10, 5, 5)
ru25 = scores(10, 4, 3)
ru_changes = {k: ru24[k] for k in ru25 if ru25[k] != ru24[k]}
write("russia-2024", page("Russia", 2024, "Not Free", 20, 10, 5, 5, (21, "Not Free"),
    ["Internet freedom in Russia declined again in the coverage period; this sample overview is our own text.",
     "A sample development about blocked messaging services (B1).1",
     "A sample development about prosecutions for posts (C3).2"], ru24, {}))
write("russia-2025", page("Russia", 2025, "Not Free", 17, 10, 4, 3, (20, "Not Free"),
    ["Internet freedom in Russia fell to a new low in the coverage period; this sample overview is our own text.",
     "A sample development about mobile shutdowns in several regions (A1 and A3).1",
     "A sample development about new penalties for using circumvention tools (C2 and C4).2"], ru25, ru_changes))
# Kazakhstan: 2023 (34 = 12 + 12 + 10, last year 32), 2024 (34, last year 34), 2025 (37 = 14 + 12 + 11).
kz = scores(12, 12, 10)
kz25 = scores(14, 12, 11)
kz_changes = {k: kz[k] for k in kz25 if kz25[k] != kz[k]}
write("kazakhstan-2023", page("Kazakhstan", 2023, "Not Free", 34, 12, 12, 10, (32, "Not Free"),
    ["Internet freedom in Kazakhstan improved slightly in the coverage period; this sample overview is our own text.",
     "A sample development about restored mobile service (A3).1",
     "A sample development about detained bloggers (C3)."], kz, {}))
write("kazakhstan-2024", page("Kazakhstan", 2024, "Not Free", 34, 12, 12, 10, (34, "Not Free"),
    ["Internet freedom in Kazakhstan held steady in the coverage period; this sample overview is our own text.",
     "A sample development about a new media law (B3 and C1).1"], kz, {}))
write("kazakhstan-2025", page("Kazakhstan", 2025, "Not Free", 37, 14, 12, 11, (34, "Not Free"),
    ["Internet freedom in Kazakhstan improved in the coverage period; this sample overview is our own text.",
     "A sample development about faster, cheaper connections outside the cities (A1 and A2).1",
     "A sample development about fewer arrests for posts (C3)."], kz25, kz_changes))
# Hungary 2024 (69 = 21 + 23 + 25, Partly Free), a copy whose title names the country.
write("hungary-2024", page("Hungary", 2024, "Partly Free", 69, 21, 23, 25, None,
    ["Internet freedom in Hungary was broadly unchanged in the coverage period; this sample overview is our own text.",
     "A sample development about public media online (B5 and B7).1"], scores(21, 23, 25), {}, title=True))
