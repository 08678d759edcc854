"""Build the two invented IPADF guidance PDFs for the 'guidance' eval collection.

Run: /work/main/.venv/bin/python /work/evaldata/guidance/build.py
"""
import os

from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.platypus import (
    BaseDocTemplate,
    Frame,
    KeepTogether,
    ListFlowable,
    ListItem,
    PageBreak,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)
from reportlab.platypus.tableofcontents import TableOfContents

HERE = os.path.dirname(os.path.abspath(__file__))
DOCS = os.path.join(HERE, "docs")
os.makedirs(DOCS, exist_ok=True)

NHS_BLUE = colors.HexColor("#005EB8")

ss = getSampleStyleSheet()
BODY = ParagraphStyle("body", parent=ss["BodyText"], fontName="Helvetica", fontSize=10.5,
                      leading=14, spaceAfter=6, alignment=TA_LEFT)
H1 = ParagraphStyle("h1", parent=ss["Heading1"], fontName="Helvetica-Bold", fontSize=15,
                    leading=19, textColor=NHS_BLUE, spaceBefore=10, spaceAfter=6, keepWithNext=1)
H2 = ParagraphStyle("h2", parent=ss["Heading2"], fontName="Helvetica-Bold", fontSize=12,
                    leading=15, textColor=colors.black, spaceBefore=8, spaceAfter=4, keepWithNext=1)
QHEAD = ParagraphStyle("qhead", parent=H2, textColor=NHS_BLUE)
TITLE = ParagraphStyle("title", parent=ss["Title"], fontName="Helvetica-Bold", fontSize=24,
                       leading=30, textColor=NHS_BLUE, alignment=TA_LEFT)
COVER = ParagraphStyle("cover", parent=BODY, fontSize=12, leading=17)
CELL = ParagraphStyle("cell", parent=BODY, fontSize=9.5, leading=12, spaceAfter=0)
CELLB = ParagraphStyle("cellb", parent=CELL, fontName="Helvetica-Bold", textColor=colors.white)
QUOTE = ParagraphStyle("quote", parent=BODY, leftIndent=12, textColor=colors.HexColor("#333333"),
                       fontName="Helvetica-Oblique")


def P(text, style=BODY):
    return Paragraph(text, style)


def bullets(items):
    return ListFlowable([ListItem(P(t), leftIndent=12) for t in items], bulletType="bullet",
                        start="\u2022", leftIndent=14, bulletFontSize=9)


def table(rows, widths):
    data = [[P(c, CELLB) for c in rows[0]]] + [[P(c, CELL) for c in r] for r in rows[1:]]
    t = Table(data, colWidths=widths, repeatRows=1)
    t.setStyle(TableStyle([
        ("BACKGROUND", (0, 0), (-1, 0), NHS_BLUE),
        ("GRID", (0, 0), (-1, -1), 0.5, colors.grey),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("TOPPADDING", (0, 0), (-1, -1), 4),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
    ]))
    return t


class GuidanceDoc(BaseDocTemplate):
    def __init__(self, filename, header_left, header_right, cover=True, **kw):
        super().__init__(filename, pagesize=A4, leftMargin=22 * mm, rightMargin=22 * mm,
                         topMargin=25 * mm, bottomMargin=22 * mm, **kw)
        self.header_left = header_left
        self.header_right = header_right
        frame = Frame(self.leftMargin, self.bottomMargin, self.width, self.height, id="f")
        templates = [
            PageTemplate(id="cover", frames=[frame], onPage=self._cover_page),
            PageTemplate(id="body", frames=[frame], onPage=self._body_page),
        ]
        if not cover:
            templates.reverse()
        self.addPageTemplates(templates)

    def _cover_page(self, canv, doc):
        canv.saveState()
        canv.setFillColor(NHS_BLUE)
        canv.rect(A4[0] - 60 * mm, A4[1] - 30 * mm, 40 * mm, 14 * mm, fill=1, stroke=0)
        canv.setFillColor(colors.white)
        canv.setFont("Helvetica-Bold", 16)
        canv.drawCentredString(A4[0] - 40 * mm, A4[1] - 25 * mm, "NHS")
        canv.restoreState()

    def _body_page(self, canv, doc):
        canv.saveState()
        canv.setFont("Helvetica", 8)
        canv.setFillColor(colors.HexColor("#555555"))
        canv.drawString(22 * mm, A4[1] - 14 * mm, self.header_left)
        canv.drawRightString(A4[0] - 22 * mm, A4[1] - 14 * mm, self.header_right)
        canv.setStrokeColor(NHS_BLUE)
        canv.line(22 * mm, A4[1] - 16 * mm, A4[0] - 22 * mm, A4[1] - 16 * mm)
        canv.drawCentredString(A4[0] / 2, 12 * mm, "Page %d" % doc.page)
        canv.restoreState()

    def afterFlowable(self, flowable):
        if isinstance(flowable, Paragraph) and flowable.style.name in ("h1", "h2"):
            level = 0 if flowable.style.name == "h1" else 1
            self.notify("TOCEntry", (level, flowable.getPlainText(), self.page))


# ---------------------------------------------------------------------------
# Document 1: application guidance
# ---------------------------------------------------------------------------

GUIDE_TITLE = "Applying to the Imaging Pathways AI Deployment Fund: guidance for NHS trusts"


def guidance_story():
    from reportlab.platypus import NextPageTemplate

    s = []
    s.append(Spacer(1, 40 * mm))
    s.append(P("Applying to the Imaging Pathways AI Deployment Fund: guidance for NHS trusts", TITLE))
    s.append(Spacer(1, 12 * mm))
    s.append(P("Publication reference: PRN01842", COVER))
    s.append(P("Published: 2 June 2025", COVER))
    s.append(P("Version 1.1, updated 14 July 2025", COVER))
    s.append(Spacer(1, 10 * mm))
    s.append(P("Classification: Official", COVER))
    s.append(P("Prepared by the NHS England AI Deployment Unit for chief information officers, imaging "
               "network managers, clinical directors of radiology and finance leads.", COVER))
    s.append(NextPageTemplate("body"))
    s.append(PageBreak())

    # Contents
    s.append(P("Contents", ParagraphStyle("ch", parent=H1, spaceAfter=10)))
    toc = TableOfContents()
    toc.levelStyles = [
        ParagraphStyle("toc0", fontName="Helvetica-Bold", fontSize=10.5, leading=15, leftIndent=0),
        ParagraphStyle("toc1", fontName="Helvetica", fontSize=10, leading=13, leftIndent=14),
    ]
    s.append(toc)
    s.append(Spacer(1, 8 * mm))
    s.append(P("<b>Changes in version 1.1</b>"))
    s.append(P("Version 1.1 corrects the maximum award for large networks in Table 1 and adds section "
               "2.4 on independent sector and other partners. No other rules have changed."))
    s.append(PageBreak())

    # 1 Introduction
    s.append(P("1. Introduction", H1))
    s.append(P("1.1 Purpose of this guidance", H2))
    s.append(P("This guidance explains how NHS trusts can apply to the Imaging Pathways AI Deployment "
               "Fund (IPADF). The IPADF is a £14.5 million fund, run by NHS England, to help imaging "
               "networks move artificial intelligence (AI) tools from pilot projects into routine "
               "clinical use."))
    s.append(P("The fund will be open to applications from 2 June 2025. Awards will cover costs incurred "
               "between 1 January 2026 and 31 March 2027."))
    s.append(P("1.2 Background", H2))
    s.append(P("Many trusts have tested AI tools for imaging in small pilots, but few have deployed them "
               "across a whole network. The IPADF will pay for deployment at network scale, so that "
               "patients in every trust of a network benefit from the same tools."))
    s.append(P("The IPADF is separate from the national breast screening AI programme. It does not "
               "replace any existing local or national funding for imaging."))
    s.append(P("Dr Priya Rangan, National Clinical Director for Imaging Transformation, said:"))
    s.append(P("\u201cWe have had enough pilots. This fund is about getting proven tools into everyday use "
               "across whole networks, so that a patient in a small district hospital gets the same "
               "fast report as a patient in a teaching hospital.\u201d", QUOTE))
    s.append(P("1.3 Who should read this guidance", H2))
    s.append(P("This guidance is for staff who will prepare or approve a bid, including:"))
    s.append(bullets([
        "imaging network managers and programme leads",
        "chief information officers and digital leads",
        "clinical directors of radiology and lead radiographers",
        "finance leads who will complete the finance template",
    ]))

    # 2 Eligibility
    s.append(P("2. Eligibility", H1))
    s.append(P("2.1 Who can apply", H2))
    s.append(P("Applications must come from an imaging network, not from a single trust. Each application "
               "must name one lead trust, which will receive the funding and hold the grant agreement on "
               "behalf of the network. This means that a trust cannot submit a bid on its own behalf, "
               "even if it is a member of more than one network."))
    s.append(P("The only exception is a trust that is not a member of any imaging network because of its "
               "location. Such a trust may apply alone if its application includes written support from "
               "the NHS England regional imaging lead."))
    s.append(P("A network must include at least two NHS trusts. Each imaging network may submit one "
               "application only."))
    s.append(P("2.2 Eligible AI tools", H2))
    s.append(P("AI tools must hold UKCA or CE marking as a medical device for the intended use at the "
               "time of application. Tools must also have evidence of use in at least one NHS "
               "organisation outside a research setting."))
    s.append(P("The following uses are in scope:"))
    s.append(bullets([
        "chest X-ray triage and reporting support",
        "lung nodule detection and measurement on CT",
        "fracture detection on plain film X-ray",
        "stroke detection on CT head scans",
        "MRI prostate reporting support",
    ]))
    s.append(P("AI for breast screening mammography is not in scope, because it is covered by the "
               "national breast screening AI programme."))
    s.append(P("2.3 Match funding", H2))
    s.append(P("Networks must contribute match funding of at least 25% of the total project cost. Match "
               "funding may be cash or staff time, but staff time must not make up more than half of "
               "the match contribution."))
    s.append(P("The exception is a network in which more than half of the member trusts are in segment 4 "
               "of the NHS Oversight Framework. Such networks may apply with a reduced match of 10%."))
    s.append(P("2.4 Independent sector and other partners", H2))
    s.append(P("Independent sector providers may take part as partners, but they cannot be the lead "
               "applicant and cannot receive IPADF funding directly. Universities and AI suppliers may "
               "also be named as partners."))
    s.append(P("Including primary care or community diagnostic centres in the bid is optional."))

    # 3 What the fund will pay for
    s.append(P("3. What the fund will pay for", H1))
    s.append(P("3.1 Funding bands", H2))
    s.append(P("The maximum award depends on the number of NHS trusts in the network, as shown in "
               "Table 1."))
    s.append(P("<b>Table 1: Maximum award by network size</b>"))
    s.append(table([
        ["Network size", "Member trusts", "Maximum award"],
        ["Small", "2 to 3 trusts", "£350,000"],
        ["Medium", "4 to 6 trusts", "£600,000"],
        ["Large", "7 or more trusts", "£950,000"],
    ], [45 * mm, 55 * mm, 55 * mm]))
    s.append(Spacer(1, 4 * mm))
    s.append(P("We expect to fund around twenty networks, depending on the size of the awards "
               "requested."))
    s.append(P("3.2 Eligible costs", H2))
    s.append(P("The fund will pay for:"))
    s.append(bullets([
        "software licences and subscription fees for up to 24 months",
        "integration with PACS, RIS and electronic patient record systems",
        "clinical safety work under the DCB0129 and DCB0160 standards",
        "information governance work, including data protection impact assessments (DPIAs)",
        "training for radiologists, radiographers and reporting staff",
        "project management, capped at 10% of the grant",
        "local evaluation and benefits tracking",
    ]))
    s.append(P("3.3 Ineligible costs", H2))
    s.append(P("The fund will not pay for:"))
    s.append(bullets([
        "scanners or other imaging equipment",
        "general IT hardware such as workstations and monitors",
        "licences for tools that a trust already uses in routine practice",
        "research studies that are not linked to deployment",
        "recoverable VAT",
        "backfill for staff who are not working directly on the deployment",
        "costs incurred before the grant agreement is signed",
    ]))
    s.append(P("3.4 Capital and revenue", H2))
    s.append(P("Of the £14.5 million, £9 million is capital and £5.5 million is revenue. Applicants must "
               "show the capital and revenue split of their costs in the finance template. The split of "
               "revenue between 2025/26 and 2026/27 is to be confirmed."))

    # 4 How to apply
    s.append(P("4. How to apply", H1))
    s.append(P("4.1 Expression of interest", H2))
    s.append(P("All networks must submit an expression of interest (EOI) before they can submit a full "
               "application. The EOI is a short online form of no more than 1,000 words. The EOI deadline "
               "is 5pm on 18 July 2025."))
    s.append(P("4.2 Full application", H2))
    s.append(P("Full applications must be submitted through the NHS England Funding Portal by 12 noon on "
               "26 September 2025. Late applications will not be accepted."))
    s.append(P("A full application must include:"))
    s.append(bullets([
        "the completed application form, of no more than 15 pages",
        "the completed finance template",
        "a letter of support signed by the chief executive of every member trust",
        "a DPIA, or a plan to complete one before go-live",
        "a clinical safety case report, or a plan to produce one",
        "a quotation from each AI supplier",
    ]))
    s.append(P("A letter of support from the integrated care board (ICB) is optional. An ICB letter may "
               "strengthen the application but will not be scored on its own."))
    s.append(P("4.3 Help with applications", H2))
    s.append(P("We will run two online briefing webinars for applicants in June 2025. Webinar dates will "
               "be published on the FutureNHS workspace. Networks may send questions to the IPADF team "
               "until 12 September 2025."))

    # 5 Assessment
    s.append(P("5. Assessment", H1))
    s.append(P("5.1 Assessment criteria", H2))
    s.append(P("Applications will be scored against five criteria, with the following weights:"))
    s.append(bullets([
        "clinical need and patient benefit: 30%",
        "deliverability and readiness: 25%",
        "value for money: 20%",
        "workforce and training: 15%",
        "sustainability after the funding ends: 10%",
    ]))
    s.append(P("Applications must score at least 60% overall to be considered for funding. Meeting this "
               "threshold does not guarantee an award."))
    s.append(P("5.2 Assessment panel", H2))
    s.append(P("Applications will be scored by a national assessment panel chaired by Dr Priya Rangan. The "
               "panel will include clinical, digital, finance and patient representatives. Scores will be "
               "moderated by Tom Ashworth, Head of AI Deployment at NHS England."))
    s.append(P("5.3 Clarification interviews", H2))
    s.append(P("Shortlisted networks will be invited to a clarification interview in November 2025. The "
               "panel may ask for further information before an award is confirmed."))

    # 6 Timeline
    s.append(P("6. Timeline", H1))
    s.append(P("Table 2 sets out the main milestones for the fund."))
    s.append(P("<b>Table 2: Milestones</b>"))
    s.append(table([
        ["Milestone", "Date"],
        ["Fund opens for expressions of interest", "2 June 2025"],
        ["Briefing webinars for applicants", "June 2025"],
        ["EOI deadline", "18 July 2025"],
        ["Full application deadline", "26 September 2025"],
        ["Clarification interviews", "November 2025"],
        ["Outcomes sent to networks", "December 2025 (planned)"],
        ["Grant agreements signed", "January 2026"],
        ["Deployment complete", "31 March 2027"],
        ["Final evaluation report due", "30 September 2027"],
    ], [100 * mm, 55 * mm]))
    s.append(Spacer(1, 4 * mm))
    s.append(P("We plan to tell networks the outcome of their applications in December 2025. The date of "
               "the public announcement of successful networks is to be confirmed."))

    # 7 Reporting and evaluation
    s.append(P("7. Reporting and evaluation", H1))
    s.append(P("7.1 Progress reports", H2))
    s.append(P("Funded networks must submit a progress report every quarter, using a template that will be "
               "published later. Each report must include the number of examinations processed by the AI "
               "tool, reporting turnaround times and any clinical safety incidents."))
    s.append(P("NHS England may withhold funding if a network misses two quarterly reports in a row."))
    s.append(P("7.2 National evaluation", H2))
    s.append(P("NHS England will appoint an independent evaluation partner to assess the fund as a whole. "
               "The name of the evaluation partner is to be confirmed. Funded networks must share "
               "deployment data with the evaluation partner."))
    s.append(P("The evaluation framework will be published later in 2025. A local evaluation is optional, "
               "but networks that carry one out may include its cost in their bid."))

    # 8 Contact
    s.append(P("8. Contact", H1))
    s.append(P("Questions about the fund should be sent to the IPADF team at england.ipadf@nhs.net. We aim "
               "to reply within five working days."))
    s.append(P("Please do not send applications by email. Applications sent by email will not be "
               "assessed."))
    return s


# ---------------------------------------------------------------------------
# Document 2: FAQ
# ---------------------------------------------------------------------------

FAQ_TITLE = "Imaging Pathways AI Deployment Fund: frequently asked questions"

FAQ = [
    ("Can our trust apply on its own?",
     ["No. The IPADF only accepts applications from imaging networks. A trust that is not part of any "
      "imaging network because of its location may apply alone with written support from the NHS England "
      "regional imaging lead, but we expect very few trusts to be in this position."]),
    ("We missed the expression of interest deadline. Can we still apply?",
     ["No. Only networks that submitted an EOI by 18 July 2025 can submit a full application.",
      "We received 31 expressions of interest, from networks covering 112 trusts. All networks that "
      "submitted an EOI were contacted by 1 August 2025."]),
    ("Has the full application deadline changed?",
     ["No. The deadline is still 12 noon on 26 September 2025."]),
    ("Can we use the fund for a tool we already use?",
     ["Licences for trusts that already use the tool in routine practice are not eligible. You may "
      "include licences to extend the same tool to other trusts in the network that do not use it yet."]),
    ("Does the AI tool have to be a medical device?",
     ["Yes. The tool must have UKCA or CE marking for the intended use when you apply. Tools that are "
      "still awaiting marking at the time of application are not eligible."]),
    ("Can we include more than one AI tool in our bid?",
     ["Yes. A network may include up to three AI tools in a single application, as long as the total "
      "stays within its funding band."]),
    ("Is VAT an eligible cost?",
     ["Irrecoverable VAT is an eligible cost. Recoverable VAT is not."]),
    ("Does the 10% project management cap include our clinical lead?",
     ["Yes. The cap covers all project management and programme support, including time a clinical lead "
      "spends on project management. Clinical time spent on deployment tasks, such as safety testing, "
      "does not count towards the cap."]),
    ("Who has to sign the letters of support?",
     ["The chief executive of each member trust must sign. A letter signed by a deputy chief executive is "
      "accepted only if the chief executive is on long-term leave."]),
    ("Do we need patient and public involvement?",
     ["Patient and public involvement is optional. Applications that show it may score higher under "
      "clinical need and patient benefit."]),
    ("How will licences be paid for after March 2027?",
     ["Networks must set out in their sustainability plan how they will pay for licences after 31 March "
      "2027. The IPADF will not provide any funding after that date."]),
    ("Will there be a second round of the fund?",
     ["No decision has been made about a second round. Any future round will be announced on the NHS "
      "England website."]),
    ("Who do we contact with other questions?",
     ["Email the IPADF team at england.ipadf@nhs.net. Questions can be sent until 12 September 2025."]),
]


def faq_story():
    from reportlab.platypus import NextPageTemplate

    s = [NextPageTemplate("body")]
    s.append(P("Imaging Pathways AI Deployment Fund: frequently asked questions",
               ParagraphStyle("ft", parent=TITLE, fontSize=19, leading=24)))
    s.append(P("Updated 4 August 2025", COVER))
    s.append(P("This document answers questions we have received since the Imaging Pathways AI Deployment "
               "Fund (IPADF) opened. It should be read alongside the application guidance, publication "
               "reference PRN01842. Where this document and the guidance differ, the guidance applies."))
    s.append(Spacer(1, 3 * mm))
    for q, answers in FAQ:
        block = [P(q, QHEAD)] + [P(a) for a in answers]
        s.append(KeepTogether(block))
    return s


def strip_dates(path, title, creation=None):
    """Rewrite the PDF info dictionary: set title, and either a fixed creation date or none at all."""
    from pypdf import PdfReader, PdfWriter
    from pypdf.generic import NameObject, TextStringObject, DictionaryObject

    reader = PdfReader(path)
    writer = PdfWriter(clone_from=reader)
    info = DictionaryObject()
    info[NameObject("/Title")] = TextStringObject(title)
    info[NameObject("/Author")] = TextStringObject("NHS England")
    info[NameObject("/Producer")] = TextStringObject("ReportLab PDF Library")
    if creation:
        info[NameObject("/CreationDate")] = TextStringObject(creation)
        info[NameObject("/ModDate")] = TextStringObject(creation)
    writer._info = writer._add_object(info)
    with open(path, "wb") as fh:
        writer.write(fh)


def main():
    g = os.path.join(DOCS, "ipadf-application-guidance.pdf")
    doc = GuidanceDoc(g, GUIDE_TITLE, "PRN01842 | Version 1.1", title=GUIDE_TITLE,
                      author="NHS England", subject="IPADF application guidance")
    doc.multiBuild(guidance_story())
    strip_dates(g, GUIDE_TITLE, "D:20250714090000+01'00'")

    f = os.path.join(DOCS, "ipadf-faq.pdf")
    doc = GuidanceDoc(f, FAQ_TITLE, "IPADF FAQ", cover=False, title=FAQ_TITLE, author="NHS England")
    doc.build(faq_story())
    strip_dates(f, FAQ_TITLE, None)
    print("wrote", g, f)


if __name__ == "__main__":
    main()
