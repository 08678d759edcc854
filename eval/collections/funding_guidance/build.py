"""Build an invented NHS England funding-programme document set (evaluation data).

Programme (invented): Patient Flow AI Adoption Fund (PFAAF).
Outputs in docs/:
  pfaaf-applicant-guidance.pdf  - guidance for applicants, v1.0, 12 March 2025
  pfaaf-faq.html                - FAQ web page, 2 April 2025
  pfaaf-update-note.docx        - update note 1, 6 May 2025 (changes a deadline and a figure)
"""
import os
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib import colors
from reportlab.platypus import (SimpleDocTemplate, Paragraph, Spacer, Table, TableStyle, PageBreak)
from reportlab.pdfgen import canvas as rl_canvas
from pypdf import PdfWriter
import docx
from docx.shared import Pt

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "docs")
os.makedirs(OUT, exist_ok=True)

SLUG = "pfaaf"
NHS_BLUE = colors.HexColor("#005eb8")

# --------------------------------------------------------------------------------------------
# 1. Guidance PDF
# --------------------------------------------------------------------------------------------
BASE = ParagraphStyle("base", fontName="Helvetica", fontSize=10.5, leading=14.5, spaceAfter=7)
BULLET = ParagraphStyle("bullet", parent=BASE, leftIndent=14, bulletIndent=4, spaceAfter=3)
H1 = ParagraphStyle("h1", parent=BASE, fontName="Helvetica-Bold", fontSize=14, leading=18,
                    textColor=NHS_BLUE, spaceBefore=10, spaceAfter=6, keepWithNext=1)
H2 = ParagraphStyle("h2", parent=BASE, fontName="Helvetica-Bold", fontSize=11.5, leading=15,
                    spaceBefore=6, spaceAfter=4, keepWithNext=1)
QUOTE = ParagraphStyle("quote", parent=BASE, leftIndent=16, rightIndent=16, fontName="Helvetica-Oblique")
TITLE = ParagraphStyle("title", parent=BASE, fontName="Helvetica-Bold", fontSize=24, leading=30,
                       textColor=NHS_BLUE, spaceAfter=14)
SUBTITLE = ParagraphStyle("subtitle", parent=BASE, fontSize=15, leading=20, spaceAfter=30)
META = ParagraphStyle("meta", parent=BASE, spaceAfter=4)
LOGO = ParagraphStyle("logo", parent=BASE, fontName="Helvetica-Bold", fontSize=20, alignment=2,
                      textColor=NHS_BLUE, spaceAfter=60)

PUB_REF = "PRN01872"
HEADER_TEXT = "Patient Flow AI Adoption Fund (PFAAF): guidance for applicants"
FOOTER_TEXT = f"Publication reference: {PUB_REF}  |  Version 1.0  |  OFFICIAL"


class NumberedCanvas(rl_canvas.Canvas):
    """Canvas that writes a running header and 'Page X of Y' footer (not on the title page)."""

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
            if self._pageNumber > 1:
                self.setFont("Helvetica", 8.5)
                self.setFillColor(colors.HexColor("#555555"))
                self.drawString(20 * mm, 285 * mm, HEADER_TEXT)
                self.drawRightString(190 * mm, 285 * mm, "NHS England")
                self.setStrokeColor(colors.HexColor("#bbbbbb"))
                self.line(20 * mm, 283 * mm, 190 * mm, 283 * mm)
            self.setFont("Helvetica", 8.5)
            self.setFillColor(colors.HexColor("#555555"))
            self.drawString(20 * mm, 12 * mm, FOOTER_TEXT)
            self.drawRightString(190 * mm, 12 * mm, f"Page {self._pageNumber} of {n}")
            self.setStrokeColor(colors.HexColor("#bbbbbb"))
            self.line(20 * mm, 16 * mm, 190 * mm, 16 * mm)
            super().showPage()
        super().save()


def table(rows, widths, bold_last=False):
    t = Table(rows, colWidths=[w * mm for w in widths], repeatRows=1)
    style = [
        ("FONTNAME", (0, 0), (-1, -1), "Helvetica"), ("FONTSIZE", (0, 0), (-1, -1), 9.5),
        ("FONTNAME", (0, 0), (-1, 0), "Helvetica-Bold"),
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8edee")),
        ("GRID", (0, 0), (-1, -1), 0.5, colors.HexColor("#999999")),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 4), ("TOPPADDING", (0, 0), (-1, -1), 4)]
    if bold_last:
        style.append(("FONTNAME", (0, -1), (-1, -1), "Helvetica-Bold"))
    t.setStyle(TableStyle(style))
    return t


def bullets(items):
    return [Paragraph(i, BULLET, bulletText="-") for i in items]


def guidance_story():
    s = []
    # Title page
    s += [Paragraph("NHS England", LOGO),
          Paragraph("Patient Flow AI Adoption Fund (PFAAF)", TITLE),
          Paragraph("Guidance for applicants: first funding round, 2025/26 to 2026/27", SUBTITLE),
          Paragraph("<b>Version:</b> 1.0", META),
          Paragraph("<b>Published:</b> 12 March 2025", META),
          Paragraph(f"<b>Publication reference:</b> {PUB_REF}", META),
          Paragraph("<b>Classification:</b> Official", META),
          Spacer(1, 20),
          Paragraph("<b>Prepared by:</b> Patient Flow AI Adoption Fund programme team, "
                    "Transformation Directorate, NHS England", META),
          Paragraph("<b>To:</b> NHS trust chief executives; chief operating officers; chief digital "
                    "information officers; integrated care board (ICB) digital leads", META),
          Paragraph("<b>CC:</b> NHS England regional directors; regional urgent and emergency care leads", META),
          Spacer(1, 30),
          Paragraph("This document should be read alongside the PFAAF finance template and the clinical "
                    "safety case template, both available on the PFAAF FutureNHS workspace.", META),
          PageBreak()]

    # 1. Introduction
    s += [Paragraph("1. Introduction", H1),
          Paragraph("1.1 Purpose of this guidance", H2),
          Paragraph("This guidance sets out how NHS trusts in England can apply to the Patient Flow AI Adoption "
                    "Fund (PFAAF) for funding to deploy artificial intelligence (AI) tools that support the flow "
                    "of patients through acute hospitals. It explains who can apply, what the fund will and will "
                    "not pay for, how applications will be assessed and what successful trusts will be required "
                    "to report.", BASE),
          Paragraph("This is the guidance for the first funding round, which opens on 12 March 2025.", BASE),
          Paragraph("1.2 Background", H2),
          Paragraph("The PFAAF is a £48 million fund covering the financial years 2025/26 and 2026/27. Of this "
                    "total, £36 million is capital funding and £12 million is revenue funding. NHS England "
                    "expects to support up to 60 trusts in the first round.", BASE),
          Paragraph("The fund builds on the Patient Flow AI pilot, which ran in 2023/24. The pilot was planned "
                    "to involve 12 trusts, but 9 trusts across three NHS regions took part. The pilot aimed to "
                    "reduce the average length of stay of patients who were medically ready for discharge by one "
                    "day; the reduction achieved was 0.4 days. Across the 9 pilot trusts, an estimated 21,000 "
                    "bed days were released over the 12 months of the pilot.", BASE),
          Paragraph("Dr Helen Marsh-Okafor, National Director for Urgent and Emergency Care at NHS England, said:", BASE),
          Paragraph("\"Every hour a patient spends waiting for a bed is an hour of avoidable risk. This fund is "
                    "about giving frontline teams better foresight, not about replacing their judgement.\"", QUOTE),
          Paragraph("1.3 Scope", H2),
          Paragraph("The fund supports three use cases: (a) bed occupancy and capacity forecasting; (b) discharge "
                    "planning support, including identification of patients likely to be ready for discharge "
                    "within 48 hours; and (c) emergency department (ED) attendance forecasting. A single "
                    "application may cover up to two use cases.", BASE),
          Paragraph("1.4 Programme leadership", H2),
          Paragraph("The fund is led by Graham Tulloch, PFAAF Programme Director, in the NHS England "
                    "Transformation Directorate. Clinical leadership is provided by Dr Amrit Sandhu, National "
                    "Clinical Lead for the fund.", BASE)]

    # 2. Eligibility
    s += [Paragraph("2. Eligibility", H1),
          Paragraph("2.1 Who can apply", H2),
          Paragraph("NHS trusts and NHS foundation trusts in England that provide acute hospital services may "
                    "apply. Trusts may apply on their own or as part of a consortium of up to four trusts. All "
                    "trusts in a consortium must be within the same integrated care system (ICS), and one trust "
                    "must act as lead applicant and accountable body.", BASE),
          Paragraph("A trust may be named in only one application in this round, whether as a single applicant "
                    "or as a member of a consortium.", BASE),
          Paragraph("2.2 Who cannot apply", H2),
          Paragraph("This round is open to acute providers only. Mental health trusts, community health trusts "
                    "and ambulance trusts are not eligible in this round. The following are also not eligible:", BASE)]
    s += bullets(["integrated care boards (ICBs) applying in their own right;",
                  "independent sector providers, including those delivering NHS-funded care; and",
                  "GP practices and primary care networks."])
    s += [Spacer(1, 4),
          Paragraph("Trusts that received funding under the 2023/24 pilot may apply, but not for a use case they "
                    "were funded for in the pilot.", BASE),
          Paragraph("Trusts in segment 4 of the NHS Oversight Framework (the Recovery Support Programme) may "
                    "apply only with written support from their NHS England regional director.", BASE),
          Paragraph("2.3 Mandatory requirements", H2),
          Paragraph("Every application must demonstrate that the lead trust (and, for a consortium, every member "
                    "trust) has:", BASE)]
    s += bullets(["an electronic patient record (EPR) that is live in the emergency department and on all "
                  "adult inpatient wards;",
                  "a named Senior Responsible Owner (SRO) at executive director level;",
                  "a registered Clinical Safety Officer responsible for compliance with DCB0160;",
                  "local match funding of at least 20% of the total project cost; and",
                  "a completed data protection impact assessment (DPIA) for each tool."])
    s += [Spacer(1, 4),
          Paragraph("A letter of support from the chief executive of the ICB is optional but recommended. "
                    "Applications without one will not be marked down.", BASE)]

    # 3. What the fund will pay for
    s += [Paragraph("3. What the fund will and will not pay for", H1),
          Paragraph("3.1 Eligible costs", H2),
          Paragraph("The fund will pay for:", BASE)]
    s += bullets(["software licences and subscriptions for up to 24 months from go-live;",
                  "integration of the AI tool with the trust's EPR and bed management systems;",
                  "hardware needed to run the tool (capital only);",
                  "project management, clinical safety and information governance staff time (revenue only); and",
                  "staff training, up to a maximum of 10% of the award."])
    s += [Spacer(1, 4),
          Paragraph("3.2 Costs the fund will not pay for", H2),
          Paragraph("The fund will not pay for:", BASE)]
    s += bullets(["licence or subscription costs incurred after 31 March 2027;",
                  "replacement or upgrade of a trust's EPR;",
                  "tools that make admission or discharge decisions without review by a clinician;",
                  "research studies or academic evaluations commissioned by the trust;",
                  "recoverable VAT; and",
                  "building works or estates costs."])
    s += [Spacer(1, 4),
          Paragraph("3.3 Funding bands", H2),
          Paragraph("Maximum awards depend on the size of the lead trust, measured by the number of general and "
                    "acute beds reported in the KH03 return for quarter 3 of 2024/25. The revenue element of any "
                    "award may not exceed a third of the total award.", BASE),
          Paragraph("<b>Table 1: PFAAF funding bands</b>", BASE),
          table([["Band", "Trust size (general and acute beds)", "Maximum award", "Maximum revenue element"],
                 ["A", "Fewer than 500", "£450,000", "£150,000"],
                 ["B", "500 to 999", "£750,000", "£250,000"],
                 ["C", "1,000 or more", "£1.2 million", "£400,000"],
                 ["Consortium", "Up to four trusts in one ICS", "£2.5 million", "£800,000"]],
                [24, 62, 38, 46]),
          Spacer(1, 8),
          Paragraph("Band A trusts, with fewer than 500 general and acute beds, may apply for up to £450,000. "
                    "Trusts with 1,000 or more general and acute beds fall into Band C and may apply for up to "
                    "£1.2 million. Consortium applications may request up to £2.5 million in total, whatever the "
                    "size of the member trusts.", BASE)]

    # 4. How to apply
    s += [Paragraph("4. How to apply", H1),
          Paragraph("4.1 Two-stage process", H2),
          Paragraph("Applications are made in two stages. Stage 1 is a short expression of interest (EOI), "
                    "submitted through the PFAAF FutureNHS workspace. An EOI is mandatory: full applications will "
                    "not be accepted from trusts that have not submitted one. Stage 2 is the full application.", BASE),
          Paragraph("4.2 Deadlines", H2),
          Paragraph("The deadline for expressions of interest is 5pm on 11 April 2025. The deadline for full "
                    "applications is 12 noon on 30 May 2025. Late applications will not be considered.", BASE),
          Paragraph("4.3 Content of the full application", H2),
          Paragraph("The full application must not exceed 15 pages, excluding appendices. It must include the "
                    "completed finance template, the clinical safety case and the DPIA as appendices.", BASE),
          Paragraph("4.4 Pre-application clinics", H2),
          Paragraph("Applicants may book a 30-minute pre-application clinic with the programme team between "
                    "14 April and 9 May 2025. Consortia of three or more trusts may book a 60-minute clinic, "
                    "twice the standard length. Clinics are optional.", BASE)]

    # 5. Assessment
    s += [Paragraph("5. Assessment criteria", H1),
          Paragraph("5.1 How applications are scored", H2),
          Paragraph("Each full application will be scored independently by three assessors: a clinical assessor, "
                    "a finance assessor and a digital assessor. Scores are then moderated by the PFAAF assessment "
                    "panel. Applications are scored against the five criteria in Table 2. Clinical need and expected "
                    "benefit for patient flow carries the highest weighting, at 30%.", BASE),
          Paragraph("<b>Table 2: Assessment criteria and weightings</b>", BASE),
          table([["Criterion", "Weighting"],
                 ["Clinical need and expected benefit for patient flow", "30%"],
                 ["Deliverability and readiness, including EPR integration", "25%"],
                 ["Value for money", "20%"],
                 ["Impact on health inequalities", "15%"],
                 ["Sustainability beyond the funding period", "10%"],
                 ["Total", "100%"]],
                [130, 40], bold_last=True),
          Spacer(1, 8),
          Paragraph("5.2 Thresholds", H2),
          Paragraph("To be considered for funding, an application must score at least 60% overall and at least "
                    "50% on the deliverability and readiness criterion. Meeting these thresholds does not "
                    "guarantee funding.", BASE),
          Paragraph("5.3 Prioritisation", H2),
          Paragraph("Where applications of similar quality exceed the available funding, the panel will give "
                    "priority to trusts in regions that did not take part in the pilot, and to applications with "
                    "the strongest health inequalities case.", BASE)]

    # 6. Timeline
    s += [Paragraph("6. Timeline", H1),
          Paragraph("Table 3 sets out the key milestones for the first funding round.", BASE),
          Paragraph("<b>Table 3: Key milestones</b>", BASE),
          table([["Milestone", "Date"],
                 ["Guidance published and round opens", "12 March 2025"],
                 ["Expression of interest deadline", "5pm, 11 April 2025"],
                 ["Pre-application clinics", "14 April to 9 May 2025"],
                 ["Full application deadline", "12 noon, 30 May 2025"],
                 ["Assessment and moderation", "June to July 2025"],
                 ["Award letters issued", "By 15 August 2025"],
                 ["Tools in live clinical use", "By 31 March 2026"],
                 ["End of funding period", "31 March 2027"]],
                [110, 60]),
          Spacer(1, 8)]

    # 7. Reporting and evaluation
    s += [Paragraph("7. Reporting and evaluation", H1),
          Paragraph("7.1 Quarterly monitoring", H2),
          Paragraph("Funded trusts must submit a quarterly monitoring return within 20 working days of the end of "
                    "each quarter. The return covers spend against budget, progress against milestones and four "
                    "core metrics: average length of stay, the number of patients with a delayed discharge, adult "
                    "general and acute bed occupancy, and ED four-hour performance.", BASE),
          Paragraph("7.2 National evaluation", H2),
          Paragraph("Funded trusts must take part in the national evaluation of the fund, which will be carried "
                    "out by an independent evaluation partner. NHS England expects to appoint the evaluation "
                    "partner by autumn 2025. Publishing a local case study is optional.", BASE),
          Paragraph("7.3 Go-live and recovery of funding", H2),
          Paragraph("Tools are expected to be in live clinical use by 31 March 2026. Where a tool is not live by "
                    "30 September 2026, NHS England may recover funding already paid. Any unspent funding must "
                    "be returned at the end of the funding period.", BASE),
          Paragraph("7.4 Final report", H2),
          Paragraph("A final report is due within three months of the end of the funding period.", BASE),
          Paragraph("7.5 Expected benefits", H2),
          Paragraph("NHS England's ambition is that, by March 2027, the fund will help participating trusts "
                    "release around 250,000 bed days a year. This is a planning assumption, not a target for "
                    "individual trusts.", BASE)]

    # 8. Contacts
    s += [Paragraph("8. Contacts", H1),
          Paragraph("Questions about this guidance should be sent to the programme team at england.pfaaf@nhs.net. "
                    "The team aims to respond within five working days. Regional PFAAF leads will be confirmed on "
                    "the FutureNHS workspace after the EOI stage.", BASE)]
    return s


def build_pdf():
    path = os.path.join(OUT, f"{SLUG}-applicant-guidance.pdf")
    doc = SimpleDocTemplate(path, pagesize=A4, leftMargin=20 * mm, rightMargin=20 * mm,
                            topMargin=22 * mm, bottomMargin=24 * mm,
                            title="Patient Flow AI Adoption Fund (PFAAF): guidance for applicants",
                            author="NHS England", subject="PFAAF first funding round")
    doc.build(guidance_story(), canvasmaker=NumberedCanvas)
    w = PdfWriter(clone_from=path)
    w.metadata = {"/Title": "Patient Flow AI Adoption Fund (PFAAF): guidance for applicants",
                  "/Author": "NHS England", "/Subject": f"Publication reference {PUB_REF}",
                  "/Producer": "NHS England publishing", "/CreationDate": "D:20250312090000Z"}
    with open(path, "wb") as f:
        w.write(f)
    return path


# --------------------------------------------------------------------------------------------
# 2. FAQ web page
# --------------------------------------------------------------------------------------------
FAQS = [
    ("Can a specialist trust without an emergency department apply?",
     "Yes. Specialist acute trusts without a type 1 emergency department can apply for the bed occupancy and "
     "discharge planning use cases, but not for the ED attendance forecasting use case. The requirement for an "
     "EPR that is live in the emergency department does not apply to these trusts."),
    ("Our EPR is not yet live on all adult wards. Can we still apply?",
     "Only if the EPR will be live on all adult inpatient wards before the full application deadline. Trusts "
     "that expect to complete their EPR roll-out later should consider applying to a future round."),
    ("Can we apply for more than one use case?",
     "Yes, up to two use cases per application. A trust applying for two use cases is still subject to the "
     "single maximum award for its band."),
    ("Is there a minimum size of award?",
     "Yes. Applications must request at least £100,000. Smaller projects may be better suited to a consortium bid."),
    ("Where does the match funding have to come from?",
     "Match funding can come from the trust's own capital or revenue budgets, from the ICB, or from charitable "
     "funds. It cannot come from other NHS England national programme funding."),
    ("Is the letter of support from the ICB compulsory?",
     "No. It is optional, and applications without one will not be marked down. We do, however, encourage "
     "consortium applicants to obtain one."),
    ("Do tools have to be on an approved supplier list?",
     "No. NHS England has not produced an approved supplier list for PFAAF. Trusts must follow their own "
     "procurement processes and comply with the Procurement Act 2023. Tools that are medical devices must carry "
     "UKCA or CE marking, and every tool must meet the Digital Technology Assessment Criteria (DTAC)."),
    ("Can the fund pay for licences after March 2027?",
     "No. The fund will not pay for any licence or subscription costs incurred after 31 March 2027. Applicants "
     "must show in the sustainability section of their application how they will meet these costs from that date."),
    ("Can the fund pay for staff posts?",
     "Yes. Revenue funding may pay for fixed-term project management, clinical safety and information governance "
     "posts. These posts must end by 31 March 2027, and the revenue element of an award may not exceed a third "
     "of the total award."),
    ("How will the money be paid?",
     "Capital funding will be paid as public dividend capital (PDC) in two instalments: 60% on signature of the "
     "memorandum of understanding and 40% once go-live has been confirmed. Revenue funding will be paid "
     "quarterly in arrears."),
    ("Who assesses the applications?",
     "Each full application is scored by three assessors. Scores are moderated by the PFAAF assessment panel, "
     "which is chaired by Graham Tulloch, PFAAF Programme Director, and includes representatives of the seven "
     "NHS England regions."),
    ("How many trusts have shown interest so far?",
     "As of 31 March 2025, more than 110 trusts had joined the PFAAF FutureNHS workspace. Joining the workspace "
     "is not the same as submitting an expression of interest."),
    ("Can we change our consortium partners after the EOI?",
     "Yes, up to the full application deadline, provided that the consortium stays within one ICS and has no "
     "more than four trusts. The lead trust must notify the programme team by email."),
    ("What happens if we cannot go live by 31 March 2026?",
     "Tell the programme team as soon as possible. A short delay will not normally lead to recovery of funding, "
     "but NHS England may recover funding already paid if a tool is not live by 30 September 2026."),
    ("Will there be a second funding round?",
     "NHS England intends to run a second round, subject to future funding decisions. No dates have been set "
     "for a second round."),
]


def build_html():
    items = "\n".join(
        f"""      <div class="faq-item" id="q{i}">
        <h3>{q}</h3>
        <p>{a}</p>
      </div>""" for i, (q, a) in enumerate(FAQS, 1))
    html = f"""<!DOCTYPE html>
<html lang="en-GB">
<head>
  <meta charset="utf-8">
  <title>Patient Flow AI Adoption Fund: frequently asked questions - NHS England</title>
  <meta name="description" content="Answers to common questions from trusts applying to the Patient Flow AI Adoption Fund (PFAAF).">
  <meta name="dcterms.date" content="2025-04-02">
</head>
<body>
  <div class="cookie-banner" role="region" aria-label="Cookies on the NHS England website">
    <h2>Cookies on the NHS England website</h2>
    <p>We've put some small files called cookies on your device to make our site work. We'd also like to use
    analytics cookies. These send information about how our site is used to a service called Google Analytics.
    We use this information to improve our site.</p>
    <p>Let us know if this is OK. We'll use a cookie to save your choice. You can read more about our cookies
    before you choose.</p>
    <button>I'm OK with analytics cookies</button> <button>Do not use analytics cookies</button>
  </div>
  <header class="site-header">
    <a class="skip-link" href="#maincontent">Skip to main content</a>
    <a class="logo" href="/">NHS England</a>
    <form class="search" action="/search"><label for="s">Search</label><input id="s" name="q"><button>Search</button></form>
    <nav class="site-nav" aria-label="Primary navigation">
      <ul>
        <li><a href="/about/">About us</a></li>
        <li><a href="/our-work/">Our work</a></li>
        <li><a href="/commissioning/">Commissioning</a></li>
        <li><a href="/digital-technology/">Digital technology</a></li>
        <li><a href="/publications/">Publications</a></li>
        <li><a href="/news/">News</a></li>
        <li><a href="/contact-us/">Contact us</a></li>
      </ul>
    </nav>
  </header>
  <nav class="breadcrumb" aria-label="Breadcrumb">
    <ol>
      <li><a href="/">Home</a></li>
      <li><a href="/digital-technology/">Digital technology</a></li>
      <li><a href="/digital-technology/ai/">Artificial intelligence</a></li>
      <li><a href="/digital-technology/ai/pfaaf/">Patient Flow AI Adoption Fund</a></li>
      <li aria-current="page">Frequently asked questions</li>
    </ol>
  </nav>
  <main id="maincontent">
    <article>
      <h1>Patient Flow AI Adoption Fund (PFAAF): frequently asked questions</h1>
      <p class="meta">Published: 2 April 2025 | Document type: Guidance | Programme: Patient Flow AI Adoption Fund</p>
      <p>These questions and answers supplement the PFAAF guidance for applicants (version 1.0, published
      12 March 2025, publication reference PRN01872). They are based on questions raised by trusts at the
      launch webinar on 19 March 2025 and through the programme mailbox.</p>
      <p>Karen Ellery MP, Minister of State for Secondary Care, said at the launch webinar: "Hospitals that can
      see pressure coming can act before corridors fill up. This fund will put that foresight into the hands of
      bed managers and discharge teams across England."</p>
      <h2>Questions and answers</h2>
{items}
      <h2>Further information</h2>
      <p>If your question is not answered here, email the programme team at england.pfaaf@nhs.net.</p>
    </article>
  </main>
  <aside class="related">
    <h2>Related content</h2>
    <ul>
      <li><a href="/digital-technology/ai/pfaaf/guidance/">PFAAF guidance for applicants</a></li>
      <li><a href="/digital-technology/ai/">Artificial intelligence in the NHS</a></li>
      <li><a href="/urgent-emergency-care/">Urgent and emergency care</a></li>
    </ul>
  </aside>
  <footer class="site-footer">
    <ul>
      <li><a href="/accessibility/">Accessibility statement</a></li>
      <li><a href="/privacy-notice/">Privacy notice</a></li>
      <li><a href="/cookies/">Cookies</a></li>
      <li><a href="/terms/">Terms and conditions</a></li>
      <li><a href="/foi/">Freedom of information</a></li>
    </ul>
    <p>Page last reviewed: 2 April 2025</p>
    <p>&copy; NHS England 2025. All content is available under the Open Government Licence v3.0, except where
    otherwise stated.</p>
  </footer>
</body>
</html>
"""
    path = os.path.join(OUT, f"{SLUG}-faq.html")
    with open(path, "w", encoding="utf-8") as f:
        f.write(html)
    return path


# --------------------------------------------------------------------------------------------
# 3. Update note (docx)
# --------------------------------------------------------------------------------------------
def build_docx():
    d = docx.Document()
    st = d.styles["Normal"]
    st.font.name = "Arial"
    st.font.size = Pt(11)
    d.core_properties.title = "PFAAF update note 1"
    d.core_properties.author = "NHS England"

    d.add_paragraph("NHS England")
    d.add_heading("Patient Flow AI Adoption Fund (PFAAF): update note 1", level=1)
    d.add_paragraph("Date: 6 May 2025")
    d.add_paragraph("Publication reference: PRN01872 (update 1)")
    d.add_paragraph("To: Lead contacts of trusts that submitted a PFAAF expression of interest")

    d.add_heading("Purpose", level=2)
    d.add_paragraph("This note updates the Patient Flow AI Adoption Fund (PFAAF): guidance for applicants "
                    "(version 1.0, published 12 March 2025). Where this note differs from the guidance or from "
                    "the frequently asked questions published on 2 April 2025, this note takes precedence.")

    d.add_heading("1. Expressions of interest received", level=2)
    d.add_paragraph("We received 84 expressions of interest by the deadline of 11 April 2025, 9 of them from "
                    "consortia. Together the expressions of interest name 101 trusts. Only trusts that submitted "
                    "an expression of interest may submit a full application.")

    d.add_heading("2. Full application deadline extended", level=2)
    d.add_paragraph("The deadline for full applications has been extended from 12 noon on 30 May 2025 to 12 noon "
                    "on 13 June 2025. This follows feedback from trusts that EPR suppliers need more time to "
                    "provide integration costings. Award letters will still be issued by 15 August 2025, and the "
                    "assessment period has been shortened to allow for this.")

    d.add_heading("3. Match funding reduced", level=2)
    d.add_paragraph("The minimum local match funding has been reduced from 20% to 15% of the total project cost. "
                    "This applies to all applications in the first round, including those from trusts that have "
                    "already started to prepare their finance template. A revised finance template is available "
                    "on the PFAAF FutureNHS workspace.")

    d.add_heading("4. Clarification: in-kind contributions", level=2)
    d.add_paragraph("Several trusts asked whether staff time can count towards match funding. It can: in-kind "
                    "contributions of trust staff time may count towards match funding, but they may make up no "
                    "more than half of the required match funding. The rest must be cash.")

    d.add_heading("Summary of changes", level=2)
    t = d.add_table(rows=1, cols=3)
    t.style = "Table Grid"
    hdr = t.rows[0].cells
    hdr[0].text, hdr[1].text, hdr[2].text = "Item", "Guidance v1.0 (12 March 2025)", "From 6 May 2025"
    for row in [("Full application deadline", "12 noon, 30 May 2025", "12 noon, 13 June 2025"),
                ("Minimum local match funding", "20% of total project cost", "15% of total project cost"),
                ("In-kind staff time as match funding", "Not specified", "Up to half of required match funding")]:
        cells = t.add_row().cells
        for c, v in zip(cells, row):
            c.text = v

    d.add_paragraph("")
    d.add_paragraph("All other requirements in the guidance remain unchanged. The pre-application clinic period "
                    "is unchanged and ends on 9 May 2025.")
    d.add_paragraph("Graham Tulloch")
    d.add_paragraph("Programme Director, Patient Flow AI Adoption Fund, NHS England")
    path = os.path.join(OUT, f"{SLUG}-update-note.docx")
    d.save(path)
    return path


if __name__ == "__main__":
    for p in (build_pdf(), build_html(), build_docx()):
        print("wrote", os.path.relpath(p, HERE))
