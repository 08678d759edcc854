"""Build the trade_press evaluation documents (invented content)."""
import datetime
from pathlib import Path
from docx import Document

DOCS = Path(__file__).parent / "docs"
DOCS.mkdir(exist_ok=True)


def quote(doc, lead_in, text):
    doc.add_paragraph(lead_in)
    p = doc.add_paragraph("\u201c" + text + "\u201d")
    p.style = doc.styles["Quote"]


# ---------------------------------------------------------------- article 1
d = Document()
d.add_paragraph("Northmoor imaging network doubles same-day chest X-ray reporting with AI triage",
                style="Title")
d.add_paragraph(
    "A seven-trust imaging network in the north of England has switched on an AI triage tool for "
    "chest X-rays at five of its sites, but two trusts are still waiting and the money for licences "
    "after March 2026 has not been found. By our digital health correspondent.")

d.add_heading("A phased roll-out that ran late", level=2)
d.add_paragraph(
    "The Northmoor and Calder Imaging Network (NCIN) went live with ChestView CXR-2, supplied by "
    "Lumora Diagnostics, at Northmoor Teaching Hospitals NHS Foundation Trust in March 2024.")
d.add_paragraph(
    "NCIN had planned to complete the roll-out across all seven of its trusts by June 2024. "
    "In the event, the fifth trust, Brackenfield General Hospital NHS Trust, did not go live "
    "until 9 September 2024.")
d.add_paragraph(
    "Wexley and District NHS Trust and Lowther Vale Hospitals NHS Trust are the two trusts yet "
    "to go live.")
d.add_paragraph(
    "The network received £2.4 million from a regional capital allocation in 2023, of which "
    "£860,000 has been spent on ChestView licences and integration work.")

d.add_heading("What the numbers show", level=2)
d.add_paragraph(
    "Since go-live the tool has processed 118,400 chest X-rays, and 14% of them have been flagged "
    "as urgent for priority reporting.")
d.add_paragraph(
    "The proportion of chest X-rays reported on the same day has doubled, from 31% to 62%, across "
    "the five live sites. This has cut the average wait for a CT scan after an abnormal chest X-ray "
    "from 11 days to 6 days.")
d.add_paragraph(
    "At Calderbridge Hospitals NHS Trust, radiographers can now book follow-up CTs directly from a "
    "flagged report rather than waiting for a consultant to request them.")
d.add_paragraph(
    "Use of the urgent flag is mandatory for all chest X-rays referred by GPs at the live sites, "
    "but remains optional for inpatient films.")

d.add_heading("Clinical view", level=2)
quote(d, "Dr Sam Patel, chief clinical information officer at Northmoor, said:",
      "We were clear from the start that ChestView would not replace a radiologist\u2019s report. "
      "What it does is put the sickest patients at the top of the list, and that has changed the "
      "working day for our reporting teams.")
quote(d, "Professor Ian Marsh, clinical lead for radiology at Brackenfield, said:",
      "Going live later than planned meant we could learn from the first four sites. Our "
      "radiologists were reading flagged films within a fortnight.")

d.add_heading("What happens next", level=2)
d.add_paragraph(
    "No decision has yet been made on whether the network will extend ChestView to emergency "
    "department X-rays; a business case is due to go to the programme board in January 2025.")
quote(d, "Helen Okafor, NCIN programme director, said:",
      "The two remaining trusts have not been left behind. We simply need to settle how licences "
      "are funded beyond March 2026 before we sign anything further.")
d.add_paragraph(
    "Lumora Diagnostics declined to comment on the cost of the licences.")

cp = d.core_properties
cp.title = "Northmoor imaging network doubles same-day chest X-ray reporting with AI triage"
cp.author = "Rachel Anand"
cp.created = datetime.datetime(2024, 10, 3, 9, 30, 0)
d.save(DOCS / "northmoor-chestview-rollout.docx")

# ---------------------------------------------------------------- article 2
d = Document()
d.add_paragraph("Stroke, fracture and nodule AI: four imaging networks compare their first year",
                style="Title")
d.add_paragraph(
    "Four English imaging networks have shared first-year figures for AI tools in stroke, fracture "
    "and lung nodule detection. The results are encouraging, but only one network has agreed how "
    "it will pay for its tool in the long term.")

d.add_heading("Who is using what", level=2)
d.add_paragraph(
    "The South Ridings Imaging Network (SRIN) was the first of the four to go live, switching on "
    "StrokeSense v4.1 in January 2024 at its three hyperacute stroke units.")
d.add_paragraph("The table below sets out the four deployments as reported by the networks.")
rows = [
    ("Network", "AI product", "Go-live month", "Scans per week"),
    ("South Ridings Imaging Network (SRIN)", "StrokeSense v4.1", "January 2024", "640"),
    ("Northmoor and Calder Imaging Network (NCIN)", "ChestView CXR-2", "March 2024", "4,200"),
    ("Fenland and Marches Diagnostic Network (FMDN)", "BoneTrace FX3", "April 2024", "2,150"),
    ("Severnmouth Imaging Collaborative (SIC)", "NoduleIQ NQ-220", "July 2024", "310"),
]
t = d.add_table(rows=len(rows), cols=4)
t.style = "Table Grid"
for i, r in enumerate(rows):
    for j, v in enumerate(r):
        t.cell(i, j).text = v

d.add_heading("Stroke: faster decisions", level=2)
d.add_paragraph(
    "StrokeSense v4.1 analyses CT angiography scans for signs of a large vessel occlusion. "
    "Median door-to-needle time at SRIN\u2019s three units fell from 52 minutes to 38 minutes in "
    "the first nine months, according to figures presented to the network board.")
d.add_paragraph(
    "Referrals for thrombectomy to the regional neuroscience centre at Kingsmere rose by 27% "
    "over the same period.")

d.add_heading("Fractures and nodules: early days", level=2)
d.add_paragraph(
    "FMDN covers 11 emergency departments and has so far deployed BoneTrace FX3 in 4 of them. "
    "Around 9% of the X-rays it reads each week are flagged as a possible fracture that the "
    "requesting clinician had not noted.")
quote(d, "Mark Eddison, head of digital imaging at FMDN, said:",
      "We are not claiming BoneTrace finds fractures a consultant would miss. The gain is at 2am, "
      "when a junior doctor is looking at a wrist X-ray on their own.")
d.add_paragraph(
    "The Severnmouth Imaging Collaborative (SIC) received £1.1 million for its NoduleIQ NQ-220 "
    "deployment. FMDN received £740,000 for BoneTrace FX3.")
d.add_paragraph(
    "SIC had planned to go live in April 2024, but the launch slipped to July 2024 after delays in "
    "connecting the tool to the collaborative\u2019s picture archiving and communication system "
    "(PACS). Fewer than a third of SIC\u2019s radiologists have so far completed the supplier\u2019s "
    "training.")

d.add_heading("The funding question", level=2)
d.add_paragraph(
    "Only SRIN has secured recurrent funding, with its integrated care board committing £390,000 "
    "a year from April 2025.")
d.add_paragraph(
    "The other three networks have not yet decided how licences will be paid for once their "
    "current contracts end.")
quote(d, "Dr Priya Ramanathan, clinical director of SRIN, said:",
      "Stroke is a time-critical pathway, so the case for recurrent funding made itself. For "
      "fracture and nodule tools the evidence takes longer to build, and commissioners are "
      "understandably cautious.")

d.add_heading("Evaluation", level=2)
d.add_paragraph(
    "The four networks have agreed to report results against 12 common indicators, including "
    "turnaround time, recall rates and clinician override rates. This is the first time they have "
    "shared performance data using the same measures.")
d.add_paragraph(
    "An independent evaluation of all four deployments, led by the Midlands Health Technology "
    "Evaluation Unit (MHTEU), is due to report in spring 2025. MHTEU has not said whether its "
    "report will name individual suppliers.")

cp = d.core_properties
cp.title = "Stroke, fracture and nodule AI: four imaging networks compare their first year"
cp.author = "Tom Berridge"
d.save(DOCS / "four-networks-first-year.docx")
print("built")
