"""Build the three fictional source documents for the fresh3 evaluation collection.

Outputs into ./docs/:
  2025-10-07-calderbridge-board-minutes.txt     (trust board minutes, plain text)
  2025-09-15-written-answer-uin-48213.pdf       (parliamentary written answer, PDF)
  2025-11-03-pcpn-dhaf-midyear-briefing.md      (internal network briefing, Markdown)
"""
from pathlib import Path

from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import getSampleStyleSheet, ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import SimpleDocTemplate, Paragraph, Spacer

HERE = Path(__file__).resolve().parent
DOCS = HERE / "docs"

MINUTES_NAME = "2025-10-07-calderbridge-board-minutes.txt"
PQ_NAME = "2025-09-15-written-answer-uin-48213.pdf"
MEMO_NAME = "2025-11-03-pcpn-dhaf-midyear-briefing.md"


MINUTES = """CALDERBRIDGE TEACHING HOSPITALS NHS FOUNDATION TRUST
MINUTES OF THE BOARD OF DIRECTORS MEETING HELD IN PUBLIC

Date: 7 October 2025, 10:00 to 12:40
Venue: Boardroom, Calderbridge Royal Infirmary, and by video link

PRESENT
  Helen Ashdown - Chair
  Dr Farid Malik - Chief Executive
  Dr Siobhan Tierney - Medical Director
  Paul Whitcombe - Chief Finance Officer
  Grace Adebayo-Lund - Chief Nurse
  Anjali Raman - Chief Digital Information Officer
  Richard Haley - Non-Executive Director
  Professor Yvonne Castellano - Non-Executive Director and Chair of the Quality Committee

IN ATTENDANCE
  Dr Tomasz Wielgosz - Clinical Director for Cellular Pathology (item 25/104 only)
  Leonie Fraser - Company Secretary (minutes)

APOLOGIES
  Martin Greaves - Chief Operating Officer


25/101  WELCOME AND APOLOGIES
The Chair welcomed members and observers to the meeting. Apologies were received from Martin Greaves, Chief Operating Officer. The meeting was quorate.

25/102  DECLARATIONS OF INTEREST
Richard Haley declared that he is an unpaid adviser to a university spin-out company working on medical imaging. The Board agreed that the interest did not relate to any supplier discussed under item 25/104 and that he could take part in the discussion.

25/103  MINUTES OF THE PREVIOUS MEETING AND ACTION LOG
The minutes of the meeting held on 2 September 2025 were approved as an accurate record. Two actions were closed and one was carried forward to the November meeting.

25/104  DIGITAL PATHOLOGY AND AI: DIGITAL HISTOLOGY ACCELERATION FUND (DHAF) UPDATE
Dr Tomasz Wielgosz and Anjali Raman presented the update. The Trust is the host organisation for the Pennine Coast Pathology Network (PCPN), which leads the DHAF programme for its five member trusts. The Trust's share of the network allocation is £1.2 million over three years.

Dr Wielgosz reported that four of the five planned slide scanners have been installed at Calderbridge Royal Infirmary. The fifth scanner was due in August 2025 but has been delayed because the electrical upgrade in the histology laboratory overran by six weeks. It is now expected to be installed in November 2025.

In September 2025, 71% of new histology slides were scanned for digital reporting, against a target of 85% by March 2026.

The prostate biopsy triage tool, Veridian Prostate Assist, went live at Calderbridge Royal Infirmary on 16 June 2025. By 30 September 2025 it had been used on 2,340 prostate biopsy cases. The median reporting turnaround for prostate biopsies fell from 11.2 days to 8.6 days between the quarter before go-live and the quarter after it.

A local validation audit of 600 retrospective cases found that the tool flagged 98.2% of the cancers that pathologists had diagnosed. Dr Tierney stressed that the audit was retrospective and that a prospective audit would be needed before any change to the reporting model.

The breast cancer grading tool has not yet been deployed and is planned to go live in January 2026, subject to completion of local validation.

The Board discussed clinical safeguards. Every case flagged by the AI tool must be reviewed by a consultant histopathologist before a report is issued. The tool may be used to prioritise worklists, but it must not be used to issue a final diagnostic report. Professor Castellano asked that the Quality Committee receive the prospective audit results when available.

Anjali Raman, Chief Digital Information Officer, reported that image storage is the main financial risk. The Trust's digital slide archive is forecast to reach 1.4 petabytes by March 2027. Paul Whitcombe noted that storage costs were not fully covered by the DHAF award and would fall to the Trust from 2027-28.

Dr Malik said: "This is a tool that gives our pathologists time back, not a replacement for their judgement."

DECISION: The Board approved an additional £310,000 from the Trust's own capital programme for digital slide storage expansion in 2025-26.

ACTIONS:
  (a) Anjali Raman to present the full storage business case to the Finance and Performance Committee by 18 November 2025.
  (b) Dr Tomasz Wielgosz to report the results of the breast tool validation to the Quality Committee by 2 December 2025.

25/105  FINANCE REPORT (MONTH 5)
Paul Whitcombe reported a year-to-date deficit of £2.7 million at month 5, against a planned deficit of £2.1 million. The adverse variance was mainly due to agency staffing in emergency care. Richard Haley asked whether the recovery plan remained achievable; Paul Whitcombe said it did, provided agency spend fell in quarter 3. The Board noted the report.

25/106  WORKFORCE REPORT
Grace Adebayo-Lund presented the workforce report. Overall vacancy rate was 6.8%, down from 7.4% in June 2025. In cellular pathology, three of the 14 consultant histopathologist posts are vacant. Dr Wielgosz noted that the department spent £412,000 on outsourced reporting in the first half of 2025-26.

DECISION: The Board approved recruitment to two additional biomedical scientist posts to support slide scanning.

ACTION:
  (c) Grace Adebayo-Lund to report on histopathology recruitment to the Board on 3 February 2026.

25/107  ANY OTHER BUSINESS
There was no other business.

DATE OF NEXT MEETING
4 November 2025, Boardroom, Calderbridge Royal Infirmary.

ACTION SUMMARY
  Ref   Action                                              Owner                 Due
  (a)   Storage business case to F&P Committee              Anjali Raman          18 November 2025
  (b)   Breast tool validation results to Quality Cttee     Dr Tomasz Wielgosz    2 December 2025
  (c)   Histopathology recruitment report to Board          Grace Adebayo-Lund    3 February 2026

Signed as a true record: ____________________  Helen Ashdown, Chair
"""


PQ_META = [
    "Department of Health and Social Care",
    "Digital Histology Acceleration Fund",
    "UIN 48213, tabled on 8 September 2025.",
    "Asked by Catherine Pryor (Calderbridge and Holme).",
    "The question was answered by Daniel Ormsby, Minister of State for Health (Secondary Care), on 15 September 2025.",
]

PQ_QUESTION = (
    "To ask the Secretary of State for Health and Social Care, what progress has been made on the rollout "
    "of artificial intelligence tools in digital pathology funded by the Digital Histology Acceleration Fund; "
    "how much funding has been allocated to the Pennine Coast Pathology Network; what conditions are attached "
    "to that funding; and what assessment he has made of the impact of those tools on cancer reporting times."
)

PQ_ANSWER = [
    "The Digital Histology Acceleration Fund (DHAF) was launched by NHS England in March 2024. "
    "It provides £21.5 million over three financial years, from 2024-25 to 2026-27. "
    "Funding was awarded to nine pathology networks, covering 38 NHS trusts in England.",

    "The fund was established because demand for histopathology has grown faster than the consultant workforce. "
    "Demand for cellular pathology rose by around 4% a year over the last decade, and many departments now rely "
    "on outsourcing and overtime to meet cancer reporting standards.",

    "Funding supports the purchase of slide scanners and image management systems, and the deployment of AI tools "
    "that help pathologists to prioritise and report cancer cases. "
    "As of 31 July 2025, 112 of the 140 slide scanners planned under the fund had been installed. "
    "Around 2.6 million slides have been digitised across participating networks since the fund began. "
    "Six of the nine networks have at least one AI tool in clinical use. "
    "The remaining networks are expected to begin clinical use by the end of March 2026.",

    "The Pennine Coast Pathology Network has been allocated £4.1 million from the fund. "
    "The network has deployed an AI tool for prostate biopsy triage and plans to introduce a breast cancer "
    "grading tool in 2026.",

    "Grants are subject to conditions. "
    "Networks receiving funding must contribute at least 15% of total project costs from local budgets. "
    "They must also share anonymised validation and performance data with the national evaluation team. "
    "Networks may use up to 10% of their award for staff training and change management. "
    "Capital items purchased with the fund must remain in NHS use for at least five years.",

    "AI tools funded through the programme are used to support, not replace, the clinical judgement of pathologists. "
    "Every AI-supported result is checked by a qualified pathologist before a diagnosis is reported. "
    "Tools must hold the appropriate regulatory marking before they are used on patients.",

    "Early data from participating networks suggest reductions in reporting times for some cancer pathways, "
    "but it is too early to draw national conclusions. "
    "NHS England has commissioned an independent evaluation from Rowan Health Analytics, which is due to report "
    "in spring 2026. The evaluation will examine turnaround times, diagnostic accuracy, workforce effects and "
    "value for money, and its findings will be published.",

    "Decisions on funding for digital pathology after March 2027 will be taken as part of the next Spending Review. "
    "The Department does not hold information on the amounts spent by individual trusts within each network, "
    "as allocations are managed by the lead organisation of each network.",
]


MEMO = """# Pennine Coast Pathology Network (PCPN)

## Internal briefing: DHAF programme mid-year position

| | |
|---|---|
| To | PCPN Network Board |
| From | Jonathan Petrakis, Network Programme Director |
| Date | 3 November 2025 |
| Status | Internal - not for onward circulation |

This briefing is from Jonathan Petrakis, Network Programme Director, and was prepared with Dr Mei-Ling Harcourt, Digital Pathology Lead Scientist.

## 1. Purpose

This paper sets out where the Digital Histology Acceleration Fund (DHAF) programme stands at the half-year point of 2025-26. It asks the Network Board to take two decisions, set out in section 7.

## 2. Funding position

- The confirmed DHAF allocation for PCPN is £3.9 million.
- By 30 September 2025 the network had spent £2.2 million, which is 56% of the confirmed allocation.
- Member trusts have committed £690,000 in local contributions so far.
- Up to 10% of unspent funds may be carried forward into 2026-27, but only with written approval from NHS England.

Spend is behind the original profile, largely because scanner installation at two trusts has slipped.

## 3. Member trusts and progress

The network has five member trusts: Calderbridge Teaching Hospitals NHS Foundation Trust (CTH), Ashcombe and Lydgate NHS Trust (ALT), Tarnfield General Hospital NHS Foundation Trust (TGH), Severnmere Hospitals NHS Trust (SHT) and Holbrook Community and Acute NHS Trust (HCAT).

| Trust | Scanners planned | Scanners installed | New slides scanned (Sept 2025) | Prostate AI in use |
|-------|-----------------:|-------------------:|-------------------------------:|--------------------|
| CTH   | 5  | 4  | 71% | Yes, since 16 June 2025 |
| ALT   | 4  | 4  | 88% | Yes, since 8 September 2025 |
| TGH   | 4  | 3  | 64% | No - planned December 2025 |
| SHT   | 3  | 1  | 22% | No |
| HCAT  | 2  | 1  | 40% | No |
| Total | 18 | 13 | -   | 2 of 5 trusts |

Key points from the table:

- Thirteen of the 18 planned scanners have been installed.
- ALT is furthest ahead, scanning 88% of new slides in September 2025, while SHT scanned only 22%.
- Only ALT has reached the 85% target for slide digitisation.
- Only two of the five trusts have the prostate triage tool in clinical use.
- At TGH, go-live of the prostate triage tool is planned for December 2025.

## 4. Milestones: planned and achieved

Achieved:

- Integration of the scanners with the shared laboratory information management system was completed on 29 September 2025.
- The contract for the breast cancer grading tool with Veridian Histology Ltd was signed on 22 August 2025.

Planned:

- The breast cancer grading tool is planned to go live at CTH in January 2026 and at TGH in February 2026.
- A network-wide image exchange, allowing any consultant to report slides from any member trust, is planned for 31 March 2026.

Missed:

- SHT's scanner installation, originally planned for June 2025, has slipped because procurement for its laboratory refurbishment was delayed.

## 5. Risks

- **Storage.** Network-wide image storage is forecast to need 3.2 petabytes by March 2027. DHAF does not fund storage beyond March 2027.
- **Workforce.** SHT has no dedicated digital pathology scientist. The post has been vacant since April 2025.
- **Supplier concentration.** Both AI tools come from a single supplier, Veridian Histology Ltd. An exit plan is being drafted.

## 6. Conditions of funding

- Quarterly returns must be submitted to NHS England within 15 working days of the end of each quarter.
- The network must share anonymised validation data with the national evaluation team.
- The Q2 return was submitted on 20 October 2025, within the deadline.

## 7. Decisions requested

The Network Board is asked to:

1. approve the reallocation of £240,000 from SHT's unspent scanner budget to the shared image archive; and
2. agree that SHT's two remaining scanners will be funded from the 2026-27 allocation.

## 8. Next steps

- Dr Harcourt will circulate the revised spend profile by 14 November 2025.
- The next briefing to the Network Board is due in February 2026.

Contact: Jonathan Petrakis, PCPN Programme Office.
"""


def build_pdf(path: Path) -> None:
    styles = getSampleStyleSheet()
    body = ParagraphStyle("body", parent=styles["BodyText"], fontName="Helvetica", fontSize=10.5, leading=14,
                          spaceAfter=8)
    head = ParagraphStyle("head", parent=styles["Heading1"], fontName="Helvetica-Bold", fontSize=16)
    sub = ParagraphStyle("sub", parent=styles["Heading2"], fontName="Helvetica-Bold", fontSize=12)
    small = ParagraphStyle("small", parent=body, fontSize=9.5, leading=12, spaceAfter=3)

    doc = SimpleDocTemplate(str(path), pagesize=A4, leftMargin=22 * mm, rightMargin=22 * mm,
                            topMargin=20 * mm, bottomMargin=20 * mm,
                            title="Written question UIN 48213: Digital Histology Acceleration Fund",
                            author="House of Commons")
    story = [Paragraph("House of Commons: Written question and answer", head), Spacer(1, 4)]
    for line in PQ_META:
        story.append(Paragraph(line, small))
    story += [Spacer(1, 8), Paragraph("Question", sub), Paragraph(PQ_QUESTION, body),
              Paragraph("Answer", sub)]
    for para in PQ_ANSWER:
        story.append(Paragraph(para, body))
    story += [Spacer(1, 6), Paragraph("Daniel Ormsby, Minister of State for Health (Secondary Care)", small),
              Paragraph("Answered on 15 September 2025", small)]
    doc.build(story)


def main() -> None:
    DOCS.mkdir(parents=True, exist_ok=True)
    (DOCS / MINUTES_NAME).write_text(MINUTES, encoding="utf-8")
    (DOCS / MEMO_NAME).write_text(MEMO, encoding="utf-8")
    build_pdf(DOCS / PQ_NAME)
    for p in sorted(DOCS.iterdir()):
        print(p.name, p.stat().st_size)


if __name__ == "__main__":
    main()
