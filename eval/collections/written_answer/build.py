"""Build three invented UK parliamentary written answers as PDFs (evaluation data)."""
import os
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib import colors
from reportlab.platypus import (SimpleDocTemplate, Paragraph, Spacer, Table, TableStyle)
from reportlab.pdfgen import canvas as rl_canvas
from pypdf import PdfReader, PdfWriter

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "docs")
os.makedirs(OUT, exist_ok=True)

BASE = ParagraphStyle("base", fontName="Helvetica", fontSize=10.5, leading=14.5, spaceAfter=8)
SMALL = ParagraphStyle("small", parent=BASE, fontSize=9, leading=12, textColor=colors.HexColor("#444444"), spaceAfter=2)
HOUSE = ParagraphStyle("house", parent=BASE, fontName="Helvetica-Bold", fontSize=10, textColor=colors.HexColor("#006e46") , spaceAfter=4)
TITLE = ParagraphStyle("title", parent=BASE, fontName="Helvetica-Bold", fontSize=17, leading=21, spaceAfter=10)
LABEL = ParagraphStyle("label", parent=BASE, fontName="Helvetica-Bold", fontSize=11.5, leading=15, spaceBefore=8, spaceAfter=5)
META = ParagraphStyle("meta", parent=BASE, spaceAfter=3)


class NumberedCanvas(rl_canvas.Canvas):
    """Canvas that writes 'Page X of Y' in the footer."""
    footer_left = ""

    def __init__(self, *a, **k):
        super().__init__(*a, **k)
        self._saved = []

    def showPage(self):
        self._saved.append(dict(self.__dict__))
        self._startPage()

    def save(self):
        n = len(self._saved)
        for state in self._saved:
            self.__dict__.update(state)
            self.setFont("Helvetica", 8.5)
            self.setFillColor(colors.HexColor("#555555"))
            self.drawString(20 * mm, 12 * mm, self.footer_left)
            self.drawRightString(190 * mm, 12 * mm, f"Page {self._pageNumber} of {n}")
            self.setStrokeColor(colors.HexColor("#bbbbbb"))
            self.line(20 * mm, 16 * mm, 190 * mm, 16 * mm)
            super().showPage()
        super().save()


def build(d):
    path = os.path.join(OUT, d["file"])
    doc = SimpleDocTemplate(path, pagesize=A4, leftMargin=20 * mm, rightMargin=20 * mm,
                            topMargin=20 * mm, bottomMargin=24 * mm, title=d["title"],
                            author=d["author"], subject=d["subject"])
    story = [Paragraph(d["house"], HOUSE), Paragraph(d["heading"], TITLE),
             Paragraph("Question for Department of Health and Social Care", META),
             Paragraph(f"<b>{d['uin_line']}</b>", META),
             Paragraph(f"Tabled on {d['tabled']}", META),
             Spacer(1, 6),
             Paragraph(f"<b>Asked by:</b> {d['asker']}", META),
             Paragraph(f"<b>Answered by:</b> {d['minister']}", META),
             Paragraph(f"Answered on {d['answered']}", META),
             Spacer(1, 4),
             Paragraph("Question", LABEL), Paragraph(d["question"], BASE),
             Paragraph("Answer", LABEL)]
    for p in d["answer"]:
        if isinstance(p, list):
            t = Table(p, colWidths=[95 * mm, 45 * mm])
            t.setStyle(TableStyle([
                ("FONTNAME", (0, 0), (-1, -1), "Helvetica"), ("FONTSIZE", (0, 0), (-1, -1), 10),
                ("FONTNAME", (0, 0), (-1, 0), "Helvetica-Bold"),
                ("FONTNAME", (0, -1), (-1, -1), "Helvetica-Bold"),
                ("GRID", (0, 0), (-1, -1), 0.5, colors.HexColor("#999999")),
                ("ALIGN", (1, 0), (1, -1), "RIGHT"),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 4), ("TOPPADDING", (0, 0), (-1, -1), 4)]))
            story += [t, Spacer(1, 10)]
        else:
            story.append(Paragraph(p, BASE))
    story += [Spacer(1, 8), Paragraph(d["footnote"], SMALL)]

    class C(NumberedCanvas):
        footer_left = d["footer"]
    doc.build(story, canvasmaker=C)

    # Metadata: keep the title on all documents; a creation date on one document only.
    w = PdfWriter(clone_from=path)
    meta = {"/Title": d["title"], "/Author": d["author"], "/Subject": d["subject"],
            "/Producer": "Parliamentary Written Questions Service"}
    if d.get("creation_date"):
        meta["/CreationDate"] = d["creation_date"]
    w._info = None
    w.metadata = meta
    with open(path, "wb") as f:
        w.write(f)


DOCS = [
    dict(
        file="hl4521-ai-in-imaging-programme.pdf",
        title="HL4521 - Artificial Intelligence: Medical Imaging - Written answer",
        author="House of Lords", subject="Written question HL4521: AI in Imaging Programme",
        footer="Written question HL4521 - House of Lords",
        house="House of Lords - Written questions and answers",
        heading="Artificial Intelligence: Medical Imaging",
        uin_line="UIN HL4521",
        tabled="14 January 2025",
        asker="Baroness Whitcombe of Ashvale (Crossbench), Member of the House of Lords Science and Technology Committee",
        minister="Baroness Merriden (Labour), Parliamentary Under-Secretary of State (Department of Health and Social Care)",
        answered="28 January 2025",
        question=("To ask His Majesty's Government what progress has been made in the roll-out of the AI in "
                  "Imaging Programme; how many NHS trusts are currently using artificial intelligence tools under "
                  "that programme; and what assessment they have made of the impact of those tools on waiting "
                  "times for diagnostic reports."),
        answer=[
            ("The AI in Imaging Programme was launched by NHS England in April 2023 to help NHS trusts in England "
             "adopt artificial intelligence tools that support the reporting of chest X-rays, CT scans and MRI scans. "
             "The programme is delivered by the Imaging Network Deployment Unit (INDU), a small team hosted by NHS "
             "England which works directly with the 21 regional imaging networks. The INDU assesses each product "
             "against clinical safety, data protection and interoperability standards before it can be offered to "
             "trusts. To date, the INDU has approved 14 AI products for use under the programme, of which nine "
             "support chest imaging and five support neurological imaging."),
            ("As of 31 December 2024, 38 of the 64 NHS trusts taking part in the programme had at least one AI tool "
             "in live clinical use. A further 11 trusts have completed their technical integration and are expected "
             "to go live by the end of June 2025. They include all five trusts in the Brackenmoor and Kestwick "
             "Imaging Network, which joined the programme in its second wave in April 2024. The remaining 15 trusts "
             "are at an earlier stage, and most of these are waiting for upgrades to their picture archiving and "
             "communication systems before an AI tool can be connected."),
            ("The programme originally planned for every participating trust to have at least one AI tool live by "
             "March 2025. This will not now be achieved, largely because of delays in the procurement of local IT "
             "infrastructure, and the revised date for full deployment is March 2026. Progress at individual sites "
             "has also been slower than first expected. For example, the first chest X-ray triage tool under the "
             "programme was planned to go live at Calderbrook Teaching Hospitals NHS Foundation Trust in September "
             "2023. It went live in November 2023, after additional testing of its links to the trust's radiology "
             "information system. The deployment at Calderbrook was led by Dr Priya Lomax, the trust's Chief "
             "Clinical Information Officer."),
            ("Turning to the impact on waiting times, the most complete evidence so far comes from the Thornleigh "
             "and Merriton Imaging Network, which was one of the first networks to deploy AI triage for chest "
             "X-rays. In the trusts in that network using AI triage, the median time from an urgent chest X-ray "
             "to a completed report has fallen from 11 days to 4 days. The proportion of urgent chest X-rays "
             "reported within 48 hours has doubled, from 31% to 62%, over the same period. Around a third of all "
             "chest X-rays taken in the network are now reviewed by an AI tool before they are reported by a "
             "radiologist."),
            ("These early findings are encouraging, but they come from a single network and should be treated "
             "with caution. Reporting times are affected by many factors besides AI, including workforce numbers, "
             "the use of outsourcing and seasonal changes in demand. This is why NHS England has commissioned an "
             "independent evaluation of the programme, and further details of that evaluation will be set out "
             "in the spring."),
            ("AI tools under the programme are used to support, and not to replace, the clinical judgement of "
             "consultant radiologists and reporting radiographers. It is mandatory for every finding flagged by an "
             "AI tool to be reviewed by a qualified clinician before a report is issued to the referring team. The "
             "programme's Clinical Safety Board, chaired by Professor Daniel Ashworth, National Clinical Director "
             "for Imaging, meets monthly to review safety incidents and the performance of each approved product. "
             "No incident involving an AI tool under the programme has so far been classed as causing severe harm."),
            ("The programme has a total budget of £21 million for the three financial years from 2023-24 to "
             "2025-26. By 31 December 2024, £12.4 million of this had been spent, compared with the £15 million "
             "that had been planned for that point. The underspend reflects the slower pace of deployment "
             "described above, and the remaining funding will be carried forward to support trusts that go live "
             "in 2025-26."),
            ("Information on the number of patients whose diagnosis or treatment was changed as a result of an AI "
             "finding is not held centrally. NHS England will publish trust-level data on the use of AI tools "
             "under the programme, including the number of examinations reviewed by AI, in its first annual "
             "report on the programme, which is expected in the autumn of 2025."),
        ],
        footnote="The answer above is a written answer to a parliamentary question. Statements in written "
                 "answers reflect the position on the date the answer was given.",
        creation_date="D:20250128143000+00'00'",
    ),
    dict(
        file="uin18344-diagnostic-ai-acceleration-fund.pdf",
        title="UIN 18344 - Diagnosis: Artificial Intelligence - Written answer",
        author="House of Commons", subject="Written question 18344: Diagnostic AI Acceleration Fund",
        footer="Written question UIN 18344 - House of Commons",
        house="House of Commons - Written questions and answers",
        heading="Diagnosis: Artificial Intelligence",
        uin_line="UIN 18344",
        tabled="3 February 2025",
        asker="Rachel Thornbury (Kestwick and Dunmere) (Liberal Democrat), Liberal Democrat Spokesperson for Health and Social Care",
        minister="Andrew Felling (Wexmoor North) (Labour), Minister of State for Health (Secondary Care)",
        answered="12 February 2025",
        question=("To ask the Secretary of State for Health and Social Care, how much funding has been allocated "
                  "to the Diagnostic AI Acceleration Fund; how much of that funding has been spent to date; how "
                  "much has been allocated in each NHS region; and if he will make a statement."),
        answer=[
            ("The Diagnostic AI Acceleration Fund (DAAF) was announced in June 2023 to help NHS trusts purchase "
             "and deploy artificial intelligence tools in diagnostic services, including imaging, pathology and "
             "endoscopy. A total of £36 million has been allocated to the DAAF over the three financial years "
             "from 2023-24 to 2025-26. The DAAF is separate from the AI in Imaging Programme, which has its own "
             "budget and is managed by the Imaging Network Deployment Unit within NHS England."),
            ("As of 31 January 2025, £19.7 million of the DAAF had been spent. This compares with planned "
             "spending of £24 million by the same date. The difference is mainly due to delays in agreeing "
             "contracts with suppliers and in completing the information governance checks that each trust must "
             "carry out before an AI tool can process patient data. Funding that has not been spent by the end "
             "of 2024-25 will remain available to the networks to which it was allocated."),
            ("Funding from the DAAF has been allocated to imaging networks and pathology networks, rather than "
             "directly to regions. The following table shows the total allocated to networks in each NHS region, "
             "as of 31 January 2025."),
            [["NHS region", "DAAF allocation"],
             ["North East and Yorkshire", "£6.1 million"],
             ["North West", "£5.4 million"],
             ["Midlands", "£7.3 million"],
             ["East of England", "£3.9 million"],
             ["London", "£5.8 million"],
             ["South East", "£4.2 million"],
             ["South West", "£3.3 million"],
             ["Total", "£36.0 million"]],
            ("The largest single award, of £3.1 million, was made to the Ashvale and Penbury Imaging Network for "
             "AI-supported lung nodule detection on CT scans across its seven trusts. The Harrowfield Digital "
             "Pathology Network received £2.4 million to introduce AI tools for the grading of prostate biopsies. "
             "The Stroke Imaging AI Collaborative (SIAC) has received £1.8 million. The SIAC uses this funding for "
             "AI software that helps clinicians at 12 hyper-acute stroke units to interpret CT brain scans out of "
             "hours."),
            ("Some 47 NHS trusts have now received equipment or software paid for by the DAAF, compared with 22 at "
             "the end of March 2024. AI tools funded through the DAAF must be bought through the Digital "
             "Diagnostics Purchasing Framework, which was set up by NHS England in October 2023. Nine suppliers "
             "are currently on the framework. Trusts are not permitted to use DAAF funding to buy tools from "
             "suppliers outside the framework. Contracts with three of the nine suppliers account for £11.2 "
             "million of the funding committed so far."),
            ("Each network receiving DAAF funding must report quarterly to NHS England on the use of the tools it "
             "has bought, including the number of examinations processed and any safety incidents. A summary of "
             "these returns, broken down by network, will be published in the DAAF annual report in July 2025. "
             "The Department does not hold information on the amounts that individual trusts have spent on AI "
             "diagnostic tools from their own budgets, outside the DAAF."),
            ("The Government has not yet taken a decision on funding for the DAAF beyond March 2026. Any future "
             "funding will be considered as part of the next Spending Review, and will be informed by the "
             "independent evaluation of AI in diagnostic services that NHS England has commissioned."),
        ],
        footnote="The answer above is a written answer to a parliamentary question. Figures are provisional "
                 "and may be revised.",
        creation_date=None,
    ),
    dict(
        file="hl5093-evaluation-of-diagnostic-ai.pdf",
        title="HL5093 - Diagnosis: Artificial Intelligence (Evaluation) - Written answer",
        author="House of Lords", subject="Written question HL5093: National Evaluation of Diagnostic AI",
        footer="Written question HL5093 - House of Lords",
        house="House of Lords - Written questions and answers",
        heading="Diagnosis: Artificial Intelligence",
        uin_line="UIN HL5093",
        tabled="24 February 2025",
        asker="Lord Ferrisby (Conservative), Shadow Spokesperson (Health and Social Care)",
        minister="Baroness Merriden (Labour), Parliamentary Under-Secretary of State (Department of Health and Social Care)",
        answered="10 March 2025",
        question=("To ask His Majesty's Government what arrangements are in place to evaluate the safety and "
                  "effectiveness of artificial intelligence tools used in NHS diagnostic services; who is carrying "
                  "out that evaluation; and when its findings will be published."),
        answer=[
            ("NHS England has commissioned an independent National Evaluation of Diagnostic AI (NEDA) to assess "
             "the safety, effectiveness and value for money of artificial intelligence tools deployed through the "
             "AI in Imaging Programme and the Diagnostic AI Acceleration Fund. The NEDA is being carried out by "
             "the Centre for Health Technology Evaluation at the University of Wexmoor, working with the Kestrel "
             "Health Economics Unit. The contract was awarded in May 2024 following an open competition, and is "
             "worth £2.8 million over two years."),
            ("The NEDA covers 12 AI tools in use at 26 NHS trusts. The trusts were selected to include a mix of "
             "large teaching hospitals and smaller district general hospitals. They were also chosen so that each "
             "of the seven NHS regions is represented by at least three trusts. The evaluation is looking at "
             "diagnostic accuracy, reporting times, the experience of staff and patients, and the costs of "
             "putting the tools into routine use."),
            ("The evaluation team was due to publish interim findings in December 2024. The interim report was "
             "published on 6 February 2025, following a delay to allow additional data from the Stroke Imaging AI "
             "Collaborative to be included. The final report is expected in spring 2026 and will be laid before "
             "Parliament."),
            ("The interim report found that, for chest X-rays, the AI tools evaluated correctly flagged 94% of "
             "cases that were later confirmed as lung cancer. However, around one in five of the X-rays flagged "
             "by the tools as abnormal were found on review by a radiologist to be normal. In stroke services, the "
             "median time from arrival at hospital to a decision on clot-removal treatment fell by 23 minutes at "
             "units using AI software to interpret CT brain scans. The evaluators caution that these results are "
             "preliminary and that performance varied considerably between trusts."),
            ("Between April 2023 and December 2024, 17 safety incidents involving AI diagnostic tools were "
             "reported to the Clinical Safety Board of the AI in Imaging Programme. Of these, two were classed as "
             "causing moderate harm and the remainder as causing low or no harm. None was classed as causing "
             "severe harm. It is mandatory for trusts using AI tools funded through either programme to report "
             "any suspected safety incident to the Clinical Safety Board within five working days, in addition to "
             "their usual local incident reporting."),
            ("The evaluation is overseen by an independent steering group chaired by Professor Imogen Tarrant, "
             "Professor of Health Services Research at the University of Wexmoor. A patient and public panel of "
             "15 members, recruited through the participating trusts, has advised on the design of the "
             "evaluation and will review the final report before publication. On the publication of the interim "
             "report, Professor Tarrant said: \"AI is already helping some departments to report faster, but the "
             "gains are not yet consistent, and we need the full evaluation before anyone can say these tools "
             "offer value for money.\""),
            ("The NEDA will also assess the cost-effectiveness of individual AI products. This information is not "
             "yet available and will be published alongside the final report in spring 2026. Information on the "
             "use of AI diagnostic tools by independent sector providers is not held centrally."),
            ("Copies of the interim report have been placed in the Library of the House."),
        ],
        footnote="The answer above is a written answer to a parliamentary question. Statements in written "
                 "answers reflect the position on the date the answer was given.",
        creation_date=None,
    ),
]

if __name__ == "__main__":
    for d in DOCS:
        build(d)
        r = PdfReader(os.path.join(OUT, d["file"]))
        print(d["file"], len(r.pages), "pages", dict(r.metadata or {}))
