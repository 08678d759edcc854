"""Build the diagnostics_network evaluation collection.

Generates three invented documents about a fictional NHS England programme,
the Diagnostic Network Digital Adoption Scheme (DNDAS), and verifies
questions.jsonl against the generated text.

All programme details, figures, organisations and people are invented.

Usage:
    .venv/bin/python eval/collections/diagnostics_network/build.py          # build docs + verify
    .venv/bin/python eval/collections/diagnostics_network/build.py --verify   # verify only
"""

from __future__ import annotations

import html
import json
import re
import sys
import textwrap
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path

HERE = Path(__file__).resolve().parent
DOCS = HERE / "docs"
QUESTIONS = HERE / "questions.jsonl"

PDF_NAME = "dndas_guidance_for_applicants_2025-26.pdf"
TXT_NAME = "dndas_dear_colleague_letter_2025-05-09.txt"
HTML_NAME = "dndas_first_awards_news_2025-09-18.html"

# ---------------------------------------------------------------------------
# 1. Guidance PDF
# ---------------------------------------------------------------------------

# Each entry: ("h1", text) | ("h2", text) | ("p", text) | ("bullets", [..])
# | ("table", caption, [rows], col_widths_mm) | ("meta", [lines])
GUIDANCE = [
    ("title", "Diagnostic Network Digital Adoption Scheme (DNDAS) 2025/26"),
    ("subtitle", "Guidance for applicants"),
    ("meta", [
        "Publisher: NHS England",
        "Publication date: 14 March 2025",
        "Version: 1.0",
        "Publication reference: PRN01874",
        "Classification: Official",
        "Audience: Chief executives, chief finance officers and clinical leads of NHS trusts "
        "and NHS foundation trusts hosting imaging networks and pathology networks in England",
    ]),
    ("h1", "1. Introduction"),
    ("p", "1.1 The Diagnostic Network Digital Adoption Scheme (DNDAS) supports NHS imaging "
          "networks and pathology networks in England to adopt proven digital and artificial "
          "intelligence (AI) tools that speed up the reporting of scans and tests."),
    ("p", "1.2 Up to £60 million is available over two financial years, 2025/26 and 2026/27, "
          "subject to final confirmation of NHS England's 2026/27 budget."),
    ("p", "1.3 This guidance sets out who can apply, what the funding can be used for, how "
          "applications will be assessed and what successful networks must do once funding is "
          "awarded. It should be read alongside the application form and the assessment handbook "
          "available on the NHS England Diagnostics Funding Portal."),
    ("h1", "2. Background and the Diagnostic Digital Pathfinder"),
    ("p", "2.1 Demand for diagnostic tests has grown faster than the workforce that reports them. "
          "Diagnostic networks allow trusts to share reporting capacity, but many still rely on "
          "separate systems that cannot easily exchange images, slides or results."),
    ("p", "2.2 In 2024/25 NHS England ran the Diagnostic Digital Pathfinder to test how networks "
          "could adopt digital tools at scale. The Pathfinder was planned to run in 12 networks; "
          "9 networks took part by the time it closed in January 2025. Three networks withdrew "
          "before go-live because of delays in procurement."),
    ("p", "2.3 The Pathfinder aimed to reduce median reporting turnaround by 20%. The independent "
          "evaluation found a median reduction of 11% across participating networks, with the "
          "largest gains in networks that had already consolidated their picture archiving and "
          "communication systems (PACS)."),
    ("p", "2.4 DNDAS builds on the lessons of the Pathfinder. In particular, networks will be "
          "expected to show that their systems are ready for integration before funding is "
          "released."),
    ("h1", "3. Definitions"),
    ("p", "3.1 In this guidance the following terms are used:"),
    ("bullets", [
        "Diagnostic network: an imaging network or pathology network formally recognised by an "
        "NHS England regional team as at 1 March 2025.",
        "Lead organisation: the NHS trust or NHS foundation trust that submits the application on "
        "behalf of a diagnostic network, receives the funding and is accountable for its use.",
        "Joint bid: a single application made by an imaging network and a pathology network that "
        "serve the same population.",
        "Digital tool: software, including AI software, and associated hardware used to acquire, "
        "share, analyse or report diagnostic images or specimens.",
        "Go-live: the date on which a digital tool is first used in routine clinical reporting for "
        "at least one patient pathway.",
        "Match funding: the contribution, expressed as a percentage of the total project cost, that "
        "the lead organisation and network partners must provide from their own budgets.",
        "Population served: the registered population of the network as recorded in the NHS "
        "England network baseline for 2024/25.",
    ]),
    ("h1", "4. Funding available"),
    ("p", "4.1 The total envelope of up to £60 million is made up of £42 million capital and "
          "£18 million revenue."),
    ("p", "4.2 Indicatively, £36 million is expected to be available in 2025/26 and £24 million in "
          "2026/27. The 2026/27 figure is indicative and subject to the outcome of the NHS England "
          "business planning round for that year."),
    ("p", "4.3 Awards will be made in bands according to the population served by the network, as "
          "shown in Table 1."),
    ("table", "Table 1: Award bands and match funding",
     [
         ["Band", "Population served", "Maximum award", "Minimum match funding"],
         ["Band A", "Under 1.5 million", "£400,000", "10%"],
         ["Band B", "1.5 million to 3 million", "£750,000", "15%"],
         ["Band C", "Over 3 million", "£1.2 million", "20%"],
         ["Joint bid", "Any", "£1.5 million", "20%"],
     ], [30, 55, 40, 45]),
    ("p", "4.4 Revenue funding must not exceed 30% of the total award. Revenue may be used for "
          "software licences, training and project management."),
    ("p", "4.5 NHS England has not yet decided whether a second application round will be held in "
          "2026/27. A decision is expected by December 2025."),
    ("p", "4.6 Arrangements for recurrent revenue funding after 31 March 2027 have not been "
          "determined. Networks should not assume that NHS England will meet ongoing licence costs "
          "beyond that date."),
    ("h1", "5. Eligibility"),
    ("p", "5.1 Applications must be submitted by a lead organisation on behalf of a recognised "
          "diagnostic network."),
    ("p", "5.2 Each diagnostic network may submit one application. A network that is part of a "
          "joint bid may not also submit a separate application."),
    ("p", "5.3 Independent sector providers cannot be the lead organisation but may take part as "
          "named partners in a network's application."),
    ("p", "5.4 Primary care networks, integrated care boards and commercial suppliers are not "
          "eligible to apply."),
    ("p", "5.5 Networks that took part in the Diagnostic Digital Pathfinder are eligible, but must "
          "show that their application does not duplicate activity already funded through the "
          "Pathfinder."),
    ("h1", "6. Eligible and ineligible costs"),
    ("p", "6.1 The following costs are eligible:"),
    ("bullets", [
        "software licences, including AI software, for up to 24 months from go-live;",
        "hardware directly required for the digital tool, such as digital slide scanners, servers "
        "and graphics processing units;",
        "integration with radiology information systems (RIS), PACS and laboratory information "
        "management systems (LIMS);",
        "clinical safety assessment in line with the DCB0129 and DCB0160 standards;",
        "training for clinical and technical staff;",
        "backfill of clinical staff time, up to 10% of the total award;",
        "project management and clinical leadership for the duration of the project.",
    ]),
    ("p", "6.2 The following costs are not eligible:"),
    ("bullets", [
        "routine replacement of existing equipment at the end of its life;",
        "VAT that the lead organisation can recover;",
        "estates or building works costing more than £50,000 in total;",
        "substantive staff posts beyond 31 March 2027;",
        "costs incurred before the date of the award letter;",
        "legal costs arising from procurement challenges.",
    ]),
    ("p", "6.3 Where a cost is not clearly eligible or ineligible, applicants should contact the "
          "programme team before submitting their application."),
    ("h1", "7. Conditions of funding"),
    ("p", "7.1 Lead organisations must:"),
    ("bullets", [
        "appoint a Senior Responsible Owner (SRO) at executive director level;",
        "complete a data protection impact assessment (DPIA) before go-live;",
        "ensure that any tool which is a medical device carries UKCA or CE marking;",
        "demonstrate compliance with the Digital Technology Assessment Criteria (DTAC);",
        "spend the 2025/26 capital allocation by 31 March 2026.",
    ]),
    ("p", "7.2 Networks are expected to go live within nine months of the date of the award letter "
          "and to share anonymised performance data with the national evaluation partner."),
    ("p", "7.3 Networks may use up to 5% of their award to commission local independent "
          "evaluation, and may buy through national procurement frameworks where these are "
          "available."),
    ("p", "7.4 Capital that is not spent by 31 March 2026 will be recovered by NHS England. The "
          "spending deadline for 2026/27 allocations will be confirmed in award letters."),
    ("p", "7.5 Funding is subject to the lead organisation signing a memorandum of understanding "
          "with NHS England within 30 days of the award letter."),
    ("h1", "8. How to apply"),
    ("p", "8.1 Applications must be submitted through the NHS England Diagnostics Funding Portal."),
    ("p", "8.2 The application narrative must not exceed 15 pages, excluding appendices, and must "
          "use a font size of at least 11 point."),
    ("p", "8.3 Applications must be signed off by the lead organisation's chief executive and chief "
          "finance officer. Expressions of interest are not mandatory but are strongly encouraged, "
          "as they help the programme team plan the assessment."),
    ("p", "8.4 Late applications will not be accepted. The key dates for this round are set out in "
          "Table 2."),
    ("table", "Table 2: Timetable",
     [
         ["Milestone", "Date"],
         ["Guidance published", "14 March 2025"],
         ["Expressions of interest close", "11 April 2025"],
         ["Applicant webinar", "24 April 2025"],
         ["Application deadline", "30 May 2025, 12 noon"],
         ["Assessment panel", "June 2025"],
         ["Applicants notified of outcome", "By 25 July 2025"],
         ["First payments to lead organisations", "From September 2025"],
         ["Latest go-live date", "30 June 2026"],
         ["Final report due", "30 April 2027"],
     ], [90, 60]),
    ("p", "8.5 Dates after the application deadline are indicative and may change."),
    ("h1", "9. Assessment"),
    ("p", "9.1 Applications will be assessed by a national panel chaired by NHS England's National "
          "Clinical Director for Diagnostics, with representatives from each of the seven NHS "
          "England regions."),
    ("p", "9.2 Each application will be scored independently by two assessors before moderation "
          "by the panel. The criteria and their weightings are set out in Table 3."),
    ("table", "Table 3: Assessment criteria and weighting",
     [
         ["Criterion", "What the panel will look for", "Weighting"],
         ["Clinical need and patient benefit",
          "Evidence of reporting delays and the expected benefit to patients", "30%"],
         ["Deliverability and readiness",
          "Realistic plan, system readiness and named clinical and technical leads", "25%"],
         ["Value for money", "Costs that are proportionate and clearly justified", "20%"],
         ["Workforce and sustainability",
          "Staff engagement, training and a plan to sustain the tool", "15%"],
         ["Health inequalities",
          "Benefit to groups and areas with the poorest access to diagnostics", "10%"],
     ], [50, 95, 25]),
    ("p", "9.3 To be considered for funding, an application must achieve an overall weighted score "
          "of at least 60% and must score at least 50% against each individual criterion."),
    ("p", "9.4 Where two applications achieve the same overall score, the panel will prioritise "
          "the application with the higher score for health inequalities."),
    ("p", "9.5 Meeting the pass mark does not guarantee funding. Awards are subject to the "
          "availability of funds and to the panel's view of the balance of the national portfolio."),
    ("p", "9.6 Unsuccessful applicants may request written feedback within 15 working days of "
          "notification."),
    ("h1", "10. Monitoring and reporting"),
    ("p", "10.1 Lead organisations must submit a progress report to the programme team within 20 "
          "working days of the end of each quarter."),
    ("p", "10.2 Progress reports must include, as a minimum: median reporting turnaround time; the "
          "percentage of reports issued within seven days; the number of examinations or specimens "
          "processed with the digital tool; and spend against profile."),
    ("p", "10.3 A final report is due by 30 April 2027. It should describe the benefits achieved, "
          "lessons learned and plans to sustain the tool."),
    ("p", "10.4 Where a lead organisation fails to submit reports, or uses funding for purposes "
          "other than those agreed, NHS England may recover some or all of the funding."),
    ("p", "10.5 NHS England intends to appoint a national evaluation partner through open "
          "procurement. At the date of publication, the evaluation partner has not been appointed."),
    ("h1", "11. Contacts"),
    ("p", "11.1 Questions about this guidance should be sent to the programme team at "
          "england.dndas@nhs.net. The programme team aims to respond to queries within five "
          "working days."),
    ("p", "11.2 Programme lead: Helen Marchetti, Head of Diagnostic Digital Programmes, NHS "
          "England."),
    ("p", "11.3 Registration for the applicant webinar is available through the Diagnostics "
          "Funding Portal."),
    ("p", "This guidance is issued by NHS England. Figures for 2026/27 are indicative and may be "
          "revised."),
    ("pagebreak",),
    ("h1", "Annex A: Application checklist"),
    ("p", "Before submitting, lead organisations should confirm that:"),
    ("bullets", [
        "the network is recognised by its NHS England regional team and its band has been "
        "confirmed against the 2024/25 network baseline;",
        "the application narrative is within the page limit and uses the required font size;",
        "the costs claimed are eligible and the required match funding is shown in the finance "
        "template;",
        "the clinical safety officer has reviewed the proposed tools;",
        "the chief executive and chief finance officer have signed the declaration;",
        "letters of support from each partner trust are attached as appendices.",
    ]),
    ("h1", "Annex B: Abbreviations"),
    ("bullets", [
        "AI: artificial intelligence",
        "DPIA: data protection impact assessment",
        "DTAC: Digital Technology Assessment Criteria",
        "LIMS: laboratory information management system",
        "PACS: picture archiving and communication system",
        "RIS: radiology information system",
        "SRO: Senior Responsible Owner",
    ]),
]


def build_pdf(path: Path) -> None:
    from reportlab import rl_config

    rl_config.invariant = 1  # deterministic output (no timestamps / random ids)

    from reportlab.lib import colors
    from reportlab.lib.enums import TA_LEFT
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
    from reportlab.lib.units import mm
    from reportlab.pdfgen import canvas as rl_canvas
    from reportlab.platypus import (Paragraph, SimpleDocTemplate, Spacer, Table,
                                    TableStyle, ListFlowable, ListItem, PageBreak)

    nhs_blue = colors.HexColor("#005EB8")
    ss = getSampleStyleSheet()
    body = ParagraphStyle("body", parent=ss["Normal"], fontName="Helvetica", fontSize=10,
                          leading=13.5, spaceAfter=5, alignment=TA_LEFT)
    h1 = ParagraphStyle("h1", parent=body, fontName="Helvetica-Bold", fontSize=13, leading=16,
                        textColor=nhs_blue, spaceBefore=8, spaceAfter=5)
    title = ParagraphStyle("title", parent=body, fontName="Helvetica-Bold", fontSize=20,
                           leading=24, textColor=nhs_blue, spaceAfter=6)
    subtitle = ParagraphStyle("subtitle", parent=body, fontName="Helvetica", fontSize=15,
                              leading=19, spaceAfter=10)
    meta = ParagraphStyle("meta", parent=body, fontSize=9.5, leading=12.5, spaceAfter=1)
    cell = ParagraphStyle("cell", parent=body, fontSize=9, leading=11.5, spaceAfter=0)
    cellb = ParagraphStyle("cellb", parent=cell, fontName="Helvetica-Bold",
                           textColor=colors.white)
    caption = ParagraphStyle("caption", parent=body, fontName="Helvetica-Bold", fontSize=9.5,
                             spaceBefore=4, spaceAfter=3)

    class NumberedCanvas(rl_canvas.Canvas):
        def __init__(self, *a, **kw):
            super().__init__(*a, **kw)
            self._saved = []

        def showPage(self):
            self._saved.append(dict(self.__dict__))
            self._startPage()

        def save(self):
            total = len(self._saved)
            for state in self._saved:
                self.__dict__.update(state)
                self._chrome(total)
                super().showPage()
            super().save()

        def _chrome(self, total):
            w, h = A4
            self.saveState()
            self.setFont("Helvetica-Bold", 9)
            self.setFillColor(nhs_blue)
            self.drawString(20 * mm, h - 12 * mm, "NHS England")
            self.setFont("Helvetica", 8)
            self.setFillColor(colors.black)
            self.drawRightString(w - 20 * mm, h - 12 * mm,
                                 "DNDAS 2025/26: Guidance for applicants | OFFICIAL")
            self.setStrokeColor(nhs_blue)
            self.line(20 * mm, h - 14 * mm, w - 20 * mm, h - 14 * mm)
            self.line(20 * mm, 15 * mm, w - 20 * mm, 15 * mm)
            self.drawString(20 * mm, 10 * mm, "Publication reference: PRN01874")
            self.drawRightString(w - 20 * mm, 10 * mm,
                                 f"Page {self._pageNumber} of {total}")
            self.restoreState()

    def esc(s: str) -> str:
        return html.escape(s, quote=False)

    story = []
    for item in GUIDANCE:
        kind = item[0]
        if kind == "title":
            story.append(Paragraph(esc(item[1]), title))
        elif kind == "subtitle":
            story.append(Paragraph(esc(item[1]), subtitle))
        elif kind == "meta":
            for line in item[1]:
                story.append(Paragraph(esc(line), meta))
            story.append(Spacer(1, 6))
        elif kind == "pagebreak":
            story.append(PageBreak())
        elif kind == "h1":
            story.append(Paragraph(esc(item[1]), h1))
        elif kind == "p":
            story.append(Paragraph(esc(item[1]), body))
        elif kind == "bullets":
            story.append(ListFlowable(
                [ListItem(Paragraph(esc(b), body), leftIndent=14)
                 for b in item[1]],
                bulletType="bullet", start="\u2022", leftIndent=14, bulletFontSize=8))
        elif kind == "table":
            _, cap, rows, widths = item
            story.append(Paragraph(esc(cap), caption))
            data = [[Paragraph(esc(c), cellb if r == 0 else cell) for c in row]
                    for r, row in enumerate(rows)]
            t = Table(data, colWidths=[w_ * mm for w_ in widths], repeatRows=1)
            t.setStyle(TableStyle([
                ("BACKGROUND", (0, 0), (-1, 0), nhs_blue),
                ("GRID", (0, 0), (-1, -1), 0.5, colors.HexColor("#768692")),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("ROWBACKGROUNDS", (0, 1), (-1, -1), [colors.white, colors.HexColor("#E8EDEE")]),
                ("TOPPADDING", (0, 0), (-1, -1), 3),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
            ]))
            story.append(t)
            story.append(Spacer(1, 6))
        else:
            raise ValueError(kind)

    doc = SimpleDocTemplate(str(path), pagesize=A4, leftMargin=20 * mm, rightMargin=20 * mm,
                            topMargin=22 * mm, bottomMargin=22 * mm,
                            title="DNDAS 2025/26: Guidance for applicants",
                            author="NHS England", subject="PRN01874", creator="NHS England")
    doc.build(story, canvasmaker=NumberedCanvas)


# ---------------------------------------------------------------------------
# 2. Dear colleague letter (TXT)
# ---------------------------------------------------------------------------

LETTER_HEAD = """\
NHS England
Wellington House
133-155 Waterloo Road
London
SE1 8UG

Classification: Official
Publication reference: PRN02011

To:  Chief executives of NHS trusts and NHS foundation trusts hosting
     imaging networks and pathology networks
     Imaging network and pathology network clinical directors

cc:  NHS England regional directors
     Regional diagnostic leads

9 May 2025

Dear colleague,

Diagnostic Network Digital Adoption Scheme (DNDAS) 2025/26: changes to
the application deadline, Band B award limit and programme contacts
"""

LETTER_PARAS = [
    "Thank you for the strong response to the Diagnostic Network Digital Adoption Scheme, which we "
    "launched on 14 March 2025. By the close of expressions of interest on 11 April 2025 we had "
    "received 57 expressions of interest from 44 diagnostic networks, and 312 people joined the "
    "applicant webinar on 24 April 2025.",
    "I am writing to confirm three changes to the guidance for applicants (publication reference "
    "PRN01874) and one clarification.",
    "## 1. Application deadline extended",
    "The application deadline has been extended from 30 May 2025 to 13 June 2025, 12 noon. We have "
    "made this change in response to feedback from networks that the original window did not allow "
    "enough time to secure clinical and board sign-off. The assessment panel will now meet in July "
    "2025, and applicants will be notified of the outcome by 8 August 2025, replacing the date of "
    "25 July 2025 given in the guidance. The latest go-live date of 30 June 2026 is unchanged.",
    "## 2. Band B maximum award increased",
    "The maximum award for Band B networks (population served of 1.5 million to 3 million) has been "
    "increased from £750,000 to £850,000. This reflects higher than expected costs for digital "
    "slide scanners reported by networks during the expression of interest stage. The maximum "
    "awards for Band A, Band C and joint bids are unchanged, as are the minimum match funding "
    "percentages.",
    "## 3. Change of programme lead",
    "From 12 May 2025, Callum Draycott, Senior Programme Manager, Diagnostic Transformation, will "
    "take over as programme lead for DNDAS. He replaces Helen Marchetti, Head of Diagnostic Digital "
    "Programmes, who is moving to lead NHS England's community diagnostic centres programme. The "
    "programme team mailbox, england.dndas@nhs.net, remains the main point of contact.",
    "## Clarification: independent sector partners",
    "Several networks asked how much of an award may be passed to independent sector partners. "
    "Independent sector providers may be named partners in an application, but no more than 25% "
    "of any award may be passed to independent sector partners. The lead organisation remains "
    "accountable for all spend.",
    "Rosalind Achterberg, Director of Diagnostic Transformation at NHS England, said:",
    "\"Networks told us clearly that the original window was too tight to get proper clinical and "
    "board sign-off on bids of this size. We would rather receive fewer, stronger applications "
    "than rush the process, so we have added two weeks and raised the Band B limit to reflect what "
    "scanners actually cost.\"",
    "All other requirements in the guidance, including the pass mark, the 15-page limit and the "
    "reporting requirements, remain as published. Please share this letter with your network "
    "programme teams and finance colleagues.",
]

LETTER_TAIL = """\
Yours sincerely,

Rosalind Achterberg
Director of Diagnostic Transformation
NHS England
"""


def build_txt(path: Path) -> None:
    out = [LETTER_HEAD]
    for p in LETTER_PARAS:
        if p.startswith("## "):
            out.append(p[3:])
        else:
            out.append(textwrap.fill(p, width=78) + "\n")
    out.append(LETTER_TAIL)
    path.write_text("\n".join(out), encoding="utf-8")


# ---------------------------------------------------------------------------
# 3. News page (HTML)
# ---------------------------------------------------------------------------

HTML_PAGE = """<!DOCTYPE html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>£24.6 million for 31 diagnostic network projects to speed up scan and test results | NHS England News</title>
<meta name="description" content="NHS England announces the first awards under the Diagnostic Network Digital Adoption Scheme.">
<link rel="stylesheet" href="/static/css/nhse-main.css">
<script src="/static/js/cookie-consent.js" defer></script>
</head>
<body>
<a class="skip-link" href="#maincontent">Skip to main content</a>

<div class="cookie-banner" id="nhsuk-cookie-banner" role="region" aria-label="Cookies on the NHS England website">
  <h2>Cookies on the NHS England website</h2>
  <p>We've put some small files called cookies on your device to make our site work.</p>
  <p>We'd also like to use analytics cookies. These send information about how our site is used to a service called Google Analytics. We use this information to improve our site.</p>
  <p>Let us know if this is OK. We'll use a cookie to save your choice. You can <a href="/cookies/">read more about our cookies</a> before you choose.</p>
  <button type="button" id="accept-cookies">I'm OK with analytics cookies</button>
  <button type="button" id="reject-cookies">Do not use analytics cookies</button>
</div>

<header class="site-header" role="banner">
  <div class="logo"><a href="/" aria-label="NHS England homepage">NHS England</a></div>
  <form class="site-search" action="/search/" method="get" role="search">
    <label for="search-field">Search the NHS England website</label>
    <input id="search-field" name="q" type="search">
    <button type="submit">Search</button>
  </form>
  <nav class="primary-nav" aria-label="Primary navigation">
    <ul>
      <li><a href="/">Home</a></li>
      <li><a href="/about/">About us</a></li>
      <li><a href="/our-work/">Our work</a></li>
      <li><a href="/commissioning/">Commissioning</a></li>
      <li><a href="/publications/">Publications</a></li>
      <li><a href="/news/">News</a></li>
      <li><a href="/contact-us/">Contact us</a></li>
    </ul>
  </nav>
</header>

<nav class="breadcrumb" aria-label="Breadcrumb">
  <ol>
    <li><a href="/">Home</a></li>
    <li><a href="/news/">News</a></li>
    <li><a href="/news/2025/">2025</a></li>
    <li aria-current="page">£24.6 million for 31 diagnostic network projects</li>
  </ol>
</nav>

<main id="maincontent" role="main">
<article class="news-article">
  <h1>£24.6 million for 31 diagnostic network projects to speed up scan and test results</h1>
  <p class="article-meta">News | Published 18 September 2025 | NHS England</p>

  <p class="lead">Imaging and pathology networks across England will share £24.6 million to adopt digital and AI tools that help clinicians report scans and tests faster, NHS England announced today.</p>

  <p>The awards are the first to be made under the Diagnostic Network Digital Adoption Scheme (DNDAS), which opened for applications in March 2025.</p>

  <p>NHS England received 52 applications by the closing date of 13 June 2025. Of the 31 successful applications, 18 are imaging networks, 10 are pathology networks and 3 are joint bids from imaging and pathology networks serving the same population.</p>

  <p>Of the £24.6 million awarded, £17.9 million is capital funding and £6.7 million is revenue funding. Around half of the funding will be spent on AI tools for imaging, including software that flags urgent chest X-rays and CT head scans for priority reporting.</p>

  <h2>Largest awards</h2>

  <p>The largest single award, £1.5 million, goes to the Northern Lakes Joint Diagnostic Network, led by North Fells Hospitals NHS Foundation Trust, to introduce digital pathology slide scanning and shared AI triage for chest X-rays across its hospitals.</p>

  <p>Severn Vale Imaging Network will receive £840,000 to roll out AI-supported chest X-ray triage across six hospitals, with the aim of reporting all urgent chest X-rays from GP referrals within 48 hours.</p>

  <blockquote>
    <p>Rosalind Achterberg, Director of Diagnostic Transformation at NHS England, said: "Every day a scan waits to be reported is a day a patient waits for answers. These awards will put proven digital tools in the hands of the networks that need them most, and we will be watching the results closely."</p>
  </blockquote>

  <blockquote>
    <p>Dr Ifeoma Castellane, Clinical Director of Severn Vale Imaging Network, said: "Our radiologists are reporting more scans than ever. AI triage will not replace their judgement, but it will make sure the most urgent chest X-rays reach the top of the list first."</p>
  </blockquote>

  <h2>Building on the Pathfinder</h2>

  <p>Networks that took part in the 2024/25 Diagnostic Digital Pathfinder cut median reporting times by 11%. DNDAS applicants had to show that their systems were ready for integration before any funding was released.</p>

  <p>Funding will be paid to lead organisations from September 2025, and all funded tools must be in routine clinical use by 30 June 2026.</p>

  <p>NHS England will decide by the end of 2025 whether to hold a second round of the scheme in 2026/27. Unsuccessful applicants have been offered written feedback and support from their regional diagnostic lead.</p>

  <h2>Notes to editors</h2>
  <ol class="notes">
    <li>DNDAS provides up to £60 million over 2025/26 and 2026/27.</li>
    <li>Diagnostic networks are groups of NHS trusts that share imaging or pathology services across a geographical area.</li>
    <li>A full list of funded networks will be published on the NHS England website in October 2025.</li>
    <li>Media enquiries: NHS England press office.</li>
  </ol>

  <aside class="share" aria-label="Share this page">
    <h2>Share this page</h2>
    <ul><li><a href="#">Email</a></li><li><a href="#">LinkedIn</a></li><li><a href="#">Bluesky</a></li></ul>
  </aside>
</article>
</main>

<footer class="site-footer" role="contentinfo">
  <nav aria-label="Footer links">
    <ul>
      <li><a href="/accessibility/">Accessibility statement</a></li>
      <li><a href="/cookies/">Cookies</a></li>
      <li><a href="/privacy-notice/">Privacy notice</a></li>
      <li><a href="/foi/">Freedom of information</a></li>
      <li><a href="/terms/">Terms and conditions</a></li>
      <li><a href="/contact-us/">Contact us</a></li>
    </ul>
  </nav>
  <p>Page last reviewed: 18 September 2025</p>
  <p>&copy; NHS England 2025. All content is available under the Open Government Licence v3.0, except where otherwise stated.</p>
</footer>
</body>
</html>
"""


def build_html(path: Path) -> None:
    path.write_text(HTML_PAGE, encoding="utf-8")


# ---------------------------------------------------------------------------
# Text extraction + verification
# ---------------------------------------------------------------------------

class _Text(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self._skip += 1
        if tag in ("p", "li", "h1", "h2", "h3", "div", "br", "blockquote", "title"):
            self.parts.append("\n")

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self._skip -= 1
        if tag in ("p", "li", "h1", "h2", "h3", "div", "blockquote", "title"):
            self.parts.append("\n")

    def handle_data(self, data):
        if not self._skip:
            self.parts.append(data)


def norm(s: str) -> str:
    s = s.replace("\u2019", "'").replace("\u2018", "'").replace("\u201c", '"').replace("\u201d", '"')
    s = s.replace("\u00a0", " ")
    return re.sub(r"\s+", " ", s).strip()


def extract_texts() -> dict[str, str]:
    from pypdf import PdfReader

    reader = PdfReader(str(DOCS / PDF_NAME))
    pdf_text = "\n".join(p.extract_text() or "" for p in reader.pages)
    txt_text = (DOCS / TXT_NAME).read_text(encoding="utf-8")
    parser = _Text()
    parser.feed((DOCS / HTML_NAME).read_text(encoding="utf-8"))
    html_text = "".join(parser.parts)
    return {PDF_NAME: norm(pdf_text), TXT_NAME: norm(txt_text), HTML_NAME: norm(html_text)}


def verify() -> int:
    """Check every expected fact / evidence string against the generated text."""
    from pypdf import PdfReader

    texts = extract_texts()
    n_pages = len(PdfReader(str(DOCS / PDF_NAME)).pages)
    problems: list[str] = []
    if not 5 <= n_pages <= 7:
        problems.append(f"PDF has {n_pages} pages (want 5-7)")

    rows = [json.loads(line) for line in QUESTIONS.read_text(encoding="utf-8").splitlines()
            if line.strip()]
    ids = Counter(r["id"] for r in rows)
    for i, c in ids.items():
        if c > 1:
            problems.append(f"duplicate id {i}")

    checked_facts = checked_evidence = 0
    for r in rows:
        kind = r["kind"]
        srcs = r.get("expected_sources", [])
        for s in srcs:
            if s not in texts:
                problems.append(f"{r['id']}: unknown source {s}")
        if kind in ("answerable", "followup"):
            if not r.get("expected_facts"):
                problems.append(f"{r['id']}: no expected_facts")
            for f in r.get("expected_facts", []):
                checked_facts += 1
                where = [s for s in srcs if norm(f) in texts.get(s, "")]
                if not where:
                    problems.append(f"{r['id']}: fact {f!r} not found in {srcs}")
            if kind == "followup" and not r.get("history"):
                problems.append(f"{r['id']}: followup without history")
        elif kind == "unanswerable":
            if not r.get("why"):
                problems.append(f"{r['id']}: no why")
        elif kind == "claim":
            ev = r.get("evidence", "")
            if r["verdict"] == "not_found":
                if ev:
                    problems.append(f"{r['id']}: not_found claim has evidence")
                if r.get("error_kind") != "not_in_record":
                    problems.append(f"{r['id']}: not_found needs error_kind not_in_record")
            else:
                checked_evidence += 1
                if not ev:
                    problems.append(f"{r['id']}: missing evidence")
                elif not any(norm(ev) in texts.get(s, "") for s in srcs):
                    problems.append(f"{r['id']}: evidence not found in {srcs}: {ev[:60]!r}")
                if r["verdict"] == "supported" and r.get("error_kind") not in ("", None):
                    problems.append(f"{r['id']}: supported claim with error_kind")
        else:
            problems.append(f"{r['id']}: unknown kind {kind}")

    kinds = Counter(r["kind"] for r in rows)
    styles = Counter((r["kind"], r.get("style")) for r in rows if r["kind"] != "claim")
    verdicts = Counter(r["verdict"] for r in rows if r["kind"] == "claim")
    errs = Counter(r["error_kind"] for r in rows if r["kind"] == "claim" and r.get("error_kind"))
    print(f"PDF pages: {n_pages}")
    print(f"rows: {len(rows)}  kinds: {dict(kinds)}")
    print(f"styles: { {f'{k}/{s}': n for (k, s), n in sorted(styles.items())} }")
    print(f"claim verdicts: {dict(verdicts)}")
    print(f"claim error kinds: {dict(errs)}")
    print(f"checked {checked_facts} expected facts, {checked_evidence} evidence strings")
    if problems:
        print(f"FAILED: {len(problems)} problem(s)")
        for p in problems:
            print("  -", p)
        return 1
    print("OK: all expected facts and evidence strings found in the generated documents")
    return 0


def build() -> None:
    DOCS.mkdir(parents=True, exist_ok=True)
    build_pdf(DOCS / PDF_NAME)
    build_txt(DOCS / TXT_NAME)
    build_html(DOCS / HTML_NAME)


if __name__ == "__main__":
    if "--verify" not in sys.argv:
        build()
    if QUESTIONS.exists():
        sys.exit(verify())
    print("docs built; questions.jsonl not found, skipping verification")
