"""Build the fresh2 evaluation documents (entirely invented content).

Fictional programme: the Rapid Stroke Imaging AI Fund (RSIAF), a 2-year DHSC/NHS England
fund for AI reading of emergency stroke CT scans in three integrated stroke delivery networks.

  docs/2025-03-12-rapid-stroke-imaging-ai-fund-press-release.html  GOV.UK-style press release
  docs/ciw-2025-11-18-stroke-ai-fund-behind-schedule.docx          trade-press article
  docs/rsiaf-guidance-for-participating-networks-v1.pdf            NHS England guidance

Run with: python build.py (needs python-docx and reportlab)
"""
import html
from pathlib import Path

from docx import Document
from docx.shared import Pt
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.platypus import (Paragraph, SimpleDocTemplate, Spacer, Table,
                                TableStyle)

OUT = Path(__file__).parent / "docs"
OUT.mkdir(exist_ok=True)

HTML_NAME = "2025-03-12-rapid-stroke-imaging-ai-fund-press-release.html"
DOCX_NAME = "ciw-2025-11-18-stroke-ai-fund-behind-schedule.docx"
PDF_NAME = "rsiaf-guidance-for-participating-networks-v1.pdf"

OQ, CQ = "\u201c", "\u201d"

# ------------------------------------------------------------------ 1. HTML press release
parts = []


def para(t):
    parts.append("<p class=\"govuk-body\">" + html.escape(t, quote=False) + "</p>")


def heading(t):
    parts.append("<h2 class=\"govuk-heading-m\">" + html.escape(t, quote=False) + "</h2>")


def said(lead, *quote_paras):
    para(lead)
    inner = "".join("<p>" + (OQ if i == 0 else "") + html.escape(q, quote=False)
                    + (CQ if i == len(quote_paras) - 1 else "") + "</p>"
                    for i, q in enumerate(quote_paras))
    parts.append("<blockquote class=\"govuk-quote\">" + inner + "</blockquote>")


para("Stroke patients in 22 hospitals will have their brain scans read with the help of "
     "artificial intelligence (AI), under a new £6.8 million fund announced today.")
para("The Rapid Stroke Imaging AI Fund (RSIAF) will run for 2 years, from April 2025 to March 2027. "
     "It is funded by the Department of Health and Social Care and will be delivered by NHS England.")
para("Three integrated stroke delivery networks (ISDNs) have been selected from 9 that applied: "
     "Calderbrook ISDN, Marrowfield and Eskdale ISDN, and Tamewater ISDN.")
para("The AI software analyses CT and CT angiography scans within minutes and flags patients who may "
     "have a large vessel occlusion, a blockage in a major artery supplying the brain. Images and "
     "results are then shared instantly with specialists at the regional thrombectomy centre, so they "
     "can decide quickly whether the patient should be transferred for treatment.")
heading("How the money will be spent")
para("Of the £6.8 million, £5.6 million will go directly to the 3 networks to buy and install AI "
     "software, connect it to hospital imaging systems and cover staff time. The remaining "
     "£1.2 million will fund workforce training and an independent evaluation.")
para("Calderbrook ISDN will receive £2.1 million for 8 hospitals, Marrowfield and Eskdale ISDN will "
     "receive £2.2 million for 9 hospitals, and Tamewater ISDN will receive £1.3 million for 5 hospitals.")
para("All 22 hospitals are expected to be using the software by the end of September 2025.")
heading("Why speed matters")
para("Mechanical thrombectomy, a procedure that removes a clot from the brain, can prevent severe "
     "disability, but it works best when it is given quickly. In 2023/24, just 3.1% of stroke patients "
     "in the three networks received thrombectomy, compared with the NHS ambition of 10%.")
para("At present the median time from a patient's first CT scan to a decision about thrombectomy "
     "referral in the three networks is 58 minutes. The fund aims to bring this below 30 minutes.")
para("Many of the hospitals in the three networks do not have a neuroradiologist on site overnight, "
     "so scans taken out of hours can wait to be reviewed remotely.")
said("Health Minister Rachel Ormsby said:",
     "Every minute counts when someone is having a stroke. This technology will help doctors in "
     "local hospitals spot the patients who need urgent clot removal and get them to the right "
     "specialist far faster.",
     "It is part of our plan to shift the NHS from analogue to digital, and to make sure that where "
     "you live does not decide the care you get.")
said("Professor Adrian Kellaway, National Clinical Director for Stroke at NHS England, said:",
     "AI will never replace the judgement of a radiologist or stroke physician, but it can make sure "
     "the most urgent scans are seen first. I want to see every eligible patient considered for "
     "thrombectomy, wherever they live.")
said("Dr Funmi Adeyemi, consultant stroke physician and clinical lead for Calderbrook ISDN, said:",
     "Our smaller hospitals can be more than an hour's drive from the thrombectomy centre. Sharing "
     "images and AI results instantly means our specialists can make the call while the patient is "
     "still in the scanner room.")
heading("Safeguards")
para("Each AI product used must be registered as a medical device in the UK, and a radiologist's "
     "report will remain the definitive report for every scan. Networks must also complete a data "
     "protection impact assessment before any hospital goes live.")
para("The fund builds on the National Stroke Imaging Network Upgrade, a separate £14 million "
     "investment in CT scanners and image-sharing links announced in 2024.")
heading("Evaluation")
para("The University of Wrexford's Healthcare Improvement Evaluation Unit has been appointed to "
     "evaluate the fund. An interim report is due in March 2026 and a final report in September 2027.")
heading("Notes to editors")
parts.append("<ol class=\"govuk-list govuk-list--number\">" + "".join(
    "<li>" + html.escape(t, quote=False) + "</li>" for t in [
        "Integrated stroke delivery networks bring together hospitals, ambulance services and "
        "community services to plan stroke care across an area.",
        "Applications were assessed by a national panel chaired by NHS England against criteria "
        "including clinical need, readiness to deploy and value for money.",
        "Further guidance for participating networks will be published by NHS England in spring 2025.",
        "Mechanical thrombectomy is offered at specialist neuroscience centres. Patients usually first "
        "attend their local hospital, where a CT scan confirms whether the stroke is caused by a clot "
        "or a bleed.",
    ]) + "</ol>")

TITLE = "£6.8 million fund to speed up emergency stroke scans with AI"
SUMMARY = ("Three stroke networks will use artificial intelligence to read brain scans faster, "
           "helping more patients get clot-removal treatment.")

PAGE = """<!DOCTYPE html>
<html lang="en" class="govuk-template">
<head>
<meta charset="utf-8">
<title>{title} - GOV.UK</title>
<meta name="description" content="{summary}">
<link rel="stylesheet" href="/assets/static/application.css">
<script src="/assets/static/consent.js" defer></script>
</head>
<body class="govuk-template__body">
<div id="global-cookie-message" class="gem-c-cookie-banner govuk-clearfix" role="region" aria-label="Cookies on GOV.UK">
  <h2 class="govuk-cookie-banner__heading">Cookies on GOV.UK</h2>
  <p>We use some essential cookies to make this website work.</p>
  <p>We'd like to set additional cookies to understand how you use GOV.UK, remember your settings and improve government services.</p>
  <button type="button" data-accept-cookies="true">Accept additional cookies</button>
  <button type="button" data-reject-cookies="true">Reject additional cookies</button>
  <a href="/help/cookies">View cookies</a>
</div>
<a href="#main-content" class="govuk-skip-link">Skip to main content</a>
<header class="gem-c-layout-super-navigation-header" role="banner">
  <a href="/" class="govuk-header__link--homepage">GOV.UK</a>
  <nav aria-label="Menu" class="gem-c-layout-super-navigation-header__content">
    <ul>
      <li><a href="/browse">Services and information</a></li>
      <li><a href="/government/organisations">Departments</a></li>
      <li><a href="/search/news-and-communications">News and communications</a></li>
      <li><a href="/search/guidance-and-regulation">Guidance and regulation</a></li>
      <li><a href="/search/research-and-statistics">Research and statistics</a></li>
      <li><a href="/search/policy-papers-and-consultations">Policy papers and consultations</a></li>
      <li><a href="/search/transparency-and-freedom-of-information-releases">Transparency</a></li>
      <li><a href="/search">Search GOV.UK</a></li>
    </ul>
  </nav>
</header>
<div class="govuk-width-container">
  <nav class="govuk-breadcrumbs" aria-label="Breadcrumb">
    <ol class="govuk-breadcrumbs__list">
      <li class="govuk-breadcrumbs__list-item"><a href="/">Home</a></li>
      <li class="govuk-breadcrumbs__list-item"><a href="/health-and-social-care">Health and social care</a></li>
      <li class="govuk-breadcrumbs__list-item"><a href="/health-and-social-care/national-health-service">National Health Service</a></li>
    </ol>
  </nav>
  <main id="main-content" class="govuk-main-wrapper" role="main">
    <span class="govuk-caption-xl">Press release</span>
    <h1 class="gem-c-title__text govuk-heading-l">{title}</h1>
    <p class="gem-c-lead-paragraph">{summary}</p>
    <div class="gem-c-metadata">
      <dl>
        <dt>From:</dt>
        <dd><a href="/government/organisations/department-of-health-and-social-care">Department of Health and Social Care</a> and <a href="/government/organisations/nhs-england">NHS England</a></dd>
        <dt>Published</dt>
        <dd><time datetime="2025-03-12">12 March 2025</time></dd>
      </dl>
    </div>
    <div class="gem-c-govspeak govuk-govspeak" data-module="govspeak">
{body}
    </div>
    <aside class="gem-c-contextual-sidebar">
      <h2>Related content</h2>
      <ul>
        <li><a href="/government/collections/stroke-services">Stroke services</a></li>
        <li><a href="/government/publications/nhs-diagnostics">NHS diagnostics</a></li>
      </ul>
    </aside>
    <div class="gem-c-feedback">
      <p>Is this page useful?</p>
      <button>Yes</button> <button>No</button>
      <a href="/contact/govuk">Report a problem with this page</a>
    </div>
  </main>
</div>
<footer class="govuk-footer" role="contentinfo">
  <div class="govuk-footer__navigation">
    <h2>Topics</h2>
    <ul>
      <li><a href="/browse/benefits">Benefits</a></li>
      <li><a href="/browse/births-deaths-marriages">Births, death, marriages and care</a></li>
      <li><a href="/browse/business">Business and self-employed</a></li>
      <li><a href="/browse/education">Education and learning</a></li>
      <li><a href="/browse/employing-people">Employing people</a></li>
      <li><a href="/browse/tax">Money and tax</a></li>
    </ul>
    <h2>Government activity</h2>
    <ul>
      <li><a href="/government/organisations">Departments</a></li>
      <li><a href="/search/news-and-communications">News</a></li>
      <li><a href="/government/how-government-works">How government works</a></li>
    </ul>
  </div>
  <ul class="govuk-footer__inline-list">
    <li><a href="/help">Help</a></li>
    <li><a href="/help/privacy-notice">Privacy</a></li>
    <li><a href="/help/cookies">Cookies</a></li>
    <li><a href="/help/accessibility-statement">Accessibility statement</a></li>
    <li><a href="/contact">Contact</a></li>
    <li><a href="/help/terms-conditions">Terms and conditions</a></li>
  </ul>
  <p class="govuk-footer__licence-description">All content is available under the Open Government Licence v3.0, except where otherwise stated</p>
  <p class="govuk-footer__copyright">&copy; Crown copyright</p>
</footer>
</body>
</html>
"""

(OUT / HTML_NAME).write_text(
    PAGE.format(title=html.escape(TITLE), summary=html.escape(SUMMARY),
                body="\n".join("      " + b for b in parts)),
    encoding="utf-8")

# ------------------------------------------------------------------ 2. DOCX trade article
doc = Document()
doc.styles["Normal"].font.name = "Georgia"
doc.styles["Normal"].font.size = Pt(11)

doc.add_paragraph("Clinical Informatics Weekly | News | Imaging and diagnostics")
doc.add_heading("Stroke AI fund misses September go-live target as PACS problems slow Tamewater",
                level=0)
doc.add_paragraph("By Siobhan Marsh, Health Technology Correspondent")
doc.add_paragraph("18 November 2025")


def dp(t):
    doc.add_paragraph(t)


def dq(lead, t, tail=None):
    if lead:
        doc.add_paragraph(lead)
    p = doc.add_paragraph(OQ + t + CQ + (" " + tail if tail else ""))
    p.style = doc.styles["Quote"]


dp("AI software is now reading emergency brain scans in 17 hospitals across three stroke networks, "
   "but the £6.8 million Rapid Stroke Imaging AI Fund has fallen behind its original timetable.")
dp("When the fund was announced in March, the Department of Health and Social Care said all 22 "
   "participating hospitals were expected to be using the software by the end of September 2025. "
   "The number of participating hospitals has since risen to 24, after Marrowfield and Eskdale ISDN "
   "added two hospitals from within its existing allocation. By 31 October 2025, 17 of the 24 "
   "hospitals were live.")

doc.add_heading("First site live in July", level=2)
dp("The first hospital to go live was Calderbrook Royal Infirmary, on 14 July 2025, more than two "
   "weeks ahead of the 31 July target in NHS England's guidance. All 8 Calderbrook hospitals were "
   "live by the end of August.")
dp("Marrowfield and Eskdale ISDN has 7 of its 11 hospitals live. Tamewater ISDN has 2 of its 5 "
   "hospitals live, after problems linking the AI software to an ageing picture archiving and "
   "communication system (PACS) at Tamewater General Hospital.")
dp("NHS England now expects all 24 hospitals to be live by the end of January 2026.")
dq("Dr Lena Hoffmann, consultant neuroradiologist at Tamewater General Hospital, said:",
   "We underestimated how much work the PACS integration would be. The software itself was ready "
   "in June; the plumbing was not. I would rather we go live safely in January than rush it.")
dp("Tamewater's integrated care board has since provided £400,000 from its own capital budget to "
   "replace the PACS interface. NHS England's guidance does not allow fund money to be spent on "
   "routine PACS replacement.")

doc.add_heading("Early results", level=2)
dp("Figures presented to the fund's programme board in October show that, across the hospitals that "
   "were live, the median time from first CT scan to thrombectomy referral decision fell from "
   "58 minutes to 34 minutes. The target is under 30 minutes.")
dp("The software has processed 11,400 scans since July and flagged a suspected large vessel "
   "occlusion in 6% of them.")
dp("The proportion of stroke patients receiving thrombectomy in the three networks rose to 4.6% in "
   "the quarter to September 2025, up from 3.1% in 2023/24. The programme board cautioned that it "
   "is too early to attribute the change to the AI.")
dq("Gareth Pryce, programme director for Marrowfield and Eskdale ISDN, said:",
   "The two extra hospitals were always part of our stroke pathway, so it made sense to bring them "
   "in now. We have done it without asking for a penny more.")

doc.add_heading("Clinicians cautious but positive", level=2)
dp("A survey of 212 clinicians in the live hospitals found that 71% said the AI alerts had helped "
   "them prioritise scans, while 18% said they had received too many false alerts.")
dp("Only 5 of the 24 hospitals have taken up the optional CT perfusion module, which estimates how "
   "much brain tissue can still be saved.")
dp("Dr Funmi Adeyemi, who leads the Calderbrook network, said the overnight picture had changed most.")
dq(None, "At three in the morning a registrar used to wait for a remote report. Now the thrombectomy "
   "team sees the alert at the same moment they do.", "she said.")
dq("Professor Adrian Kellaway, NHS England's National Clinical Director for Stroke, said:",
   "Seventeen hospitals live in four months is real progress, and the early timings are "
   "encouraging. But I want to see the final seven live before we talk about success.")

doc.add_heading("What comes next", level=2)
dp("NHS England has confirmed that a second funding round is planned and is expected to open to "
   "other networks in spring 2026. It has not yet published the size of the round or its closing date.")
dp("The interim evaluation by the University of Wrexford is still due in March 2026.")
dp("A spokesperson for NHS England said the fund remained within budget and that no network had "
   "been asked to return money. The spokesperson added that lessons from Tamewater would be written "
   "into the guidance for the second round, including a requirement to test the PACS connection "
   "before a go-live date is agreed.")
doc.add_paragraph("Clinical Informatics Weekly is an independent trade publication.")

doc.save(OUT / DOCX_NAME)

# ------------------------------------------------------------------ 3. PDF guidance
ss = getSampleStyleSheet()
BODY = ParagraphStyle("body", parent=ss["BodyText"], fontName="Helvetica", fontSize=10, leading=14,
                      spaceAfter=6)
H1 = ParagraphStyle("h1", parent=ss["Heading1"], fontName="Helvetica-Bold", fontSize=14,
                    textColor=colors.HexColor("#005EB8"), spaceBefore=10)
TITLE_S = ParagraphStyle("t", parent=ss["Title"], fontName="Helvetica-Bold", fontSize=20,
                         textColor=colors.HexColor("#005EB8"), alignment=0, leading=24)
SMALL = ParagraphStyle("small", parent=BODY, fontSize=8.5, leading=11)
CELL = ParagraphStyle("cell", parent=BODY, fontSize=9, leading=11, spaceAfter=0)


def e(s):
    return html.escape(s, quote=False)


story = []


def P(s, st=BODY):
    story.append(Paragraph(e(s), st))


def N(num, s):
    story.append(Paragraph("<b>" + num + "</b>&nbsp;&nbsp;" + e(s), BODY))


def H(s):
    story.append(Paragraph(e(s), H1))


def table(rows, widths):
    data = [[Paragraph(("<b>%s</b>" % e(c)) if r == 0 else e(c), CELL) for c in row]
            for r, row in enumerate(rows)]
    t = Table(data, colWidths=widths, hAlign="LEFT")
    t.setStyle(TableStyle([
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#E8EDEE")),
        ("GRID", (0, 0), (-1, -1), 0.5, colors.HexColor("#768692")),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
    ]))
    story.append(t)
    story.append(Spacer(1, 6))


P("NHS England", ParagraphStyle("org", parent=BODY, fontName="Helvetica-Bold", fontSize=12))
story.append(Paragraph("Rapid Stroke Imaging AI Fund: guidance for participating integrated stroke "
                       "delivery networks", TITLE_S))
P("Publication reference: PRN01472. Version 1.0. Date published: 3 April 2025.", SMALL)
P("Classification: Official. This guidance is for senior responsible owners, clinical leads and "
  "programme managers in the networks selected for round 1.", SMALL)
story.append(Spacer(1, 8))

H("1. Introduction")
N("1.1", "This guidance sets out how the Rapid Stroke Imaging AI Fund (RSIAF) will operate, the "
  "conditions attached to funding and the reporting requirements for participating integrated "
  "stroke delivery networks (ISDNs).")
N("1.2", "The fund is worth £6.8 million over 2 financial years, 2025/26 and 2026/27. It is funded by "
  "the Department of Health and Social Care and administered by NHS England.")
N("1.3", "This guidance applies to the 3 networks selected in round 1. A separate prospectus will be "
  "issued for any future round.")

H("2. Scope and eligibility")
N("2.1", "Funding may be used for AI software that analyses non-contrast CT and CT angiography images "
  "to detect suspected large vessel occlusion, and for the image-sharing links needed to send "
  "results to the regional thrombectomy centre.")
N("2.2", "Eligible hospitals are those that admit patients with suspected acute stroke and provide "
  "24-hour CT scanning. Hospitals that do not provide 24-hour CT scanning are not eligible to "
  "receive funded software.")
N("2.3", "Funding may not be used for the purchase of CT scanners, for routine PACS replacement, or "
  "for AI products intended for use outside the acute stroke pathway.")

H("3. Funding")
N("3.1", "£5.6 million is allocated to networks through funding bands based on the number of "
  "participating hospitals (Table 1). The remaining £1.2 million is held centrally by NHS England: "
  "£0.7 million for the independent evaluation and £0.5 million for workforce training.")
P("Table 1: Funding bands and round 1 awards", ParagraphStyle("cap", parent=BODY,
                                                                 fontName="Helvetica-Bold"))
table([
    ["Band", "Participating hospitals", "Maximum award", "Round 1 network and award"],
    ["A", "1 to 6", "£1.4 million", "Tamewater ISDN: £1.3 million"],
    ["B", "7 to 10", "£2.3 million", "Calderbrook ISDN: £2.1 million; "
                                     "Marrowfield and Eskdale ISDN: £2.2 million"],
    ["C", "11 or more", "£3.0 million", "None in round 1"],
], [18 * mm, 38 * mm, 30 * mm, 84 * mm])
N("3.2", "Networks must contribute at least 15% of total project costs from local budgets. This "
  "local contribution may include staff time.")
N("3.3", "Funding is paid in two instalments: 60% on signature of the funding agreement and 40% once "
  "all participating hospitals are live.")
N("3.4", "A network may add hospitals during the programme within its existing award, with the prior "
  "written agreement of NHS England. Adding hospitals does not change the network's band or award.")
N("3.5", "Any funding not spent by 31 March 2027 must be returned to NHS England.")

H("4. Conditions of funding")
N("4.1", "The following conditions are mandatory. Funding will not be released until a network has "
  "confirmed that it meets all of them.")
for letter, text in [
    ("a", "Every AI product must be registered with the MHRA as a medical device and carry a UKCA or "
          "CE mark."),
    ("b", "A data protection impact assessment (DPIA) must be completed and signed off by each trust "
          "before any hospital goes live."),
    ("c", "Each trust must name a clinical safety officer and complete clinical safety documentation "
          "in line with DCB0160."),
    ("d", "A radiologist's report must remain the definitive report for every scan, and AI output "
          "must not be used as a standalone diagnosis."),
    ("e", "Networks must submit a monthly data return to NHS England by the 10th working day of "
          "each month."),
]:
    story.append(Paragraph("(%s)&nbsp;&nbsp;%s" % (letter, e(text)),
                           ParagraphStyle("li", parent=BODY, leftIndent=14)))
N("4.2", "The following elements are optional. Networks may choose to adopt a CT perfusion analysis "
  "module, funded from within their existing award. Networks may also co-design patient information "
  "materials with local stroke survivor groups.")
N("4.3", "Participation in the health economics sub-study led by the evaluation team is voluntary "
  "and does not affect a network's award.")

H("5. Milestones")
N("5.1", "Table 2 sets out the planned programme milestones. Dates are planned dates and will be "
  "reviewed by the programme board.")
P("Table 2: Planned milestones", ParagraphStyle("cap2", parent=BODY, fontName="Helvetica-Bold"))
table([
    ["Milestone", "Planned date"],
    ["Funding agreements signed", "30 April 2025"],
    ["DPIAs signed off in all trusts", "30 June 2025"],
    ["First hospital live", "31 July 2025"],
    ["All participating hospitals live", "30 September 2025"],
    ["Interim evaluation report", "March 2026"],
    ["Final evaluation report", "September 2027"],
], [100 * mm, 50 * mm])
N("5.2", "Networks must notify NHS England within 5 working days if they expect to miss a milestone "
  "by more than 4 weeks.")

H("6. Evaluation and reporting")
N("6.1", "The independent evaluation will be carried out by the Healthcare Improvement Evaluation "
  "Unit at the University of Wrexford.")
N("6.2", "The primary outcome measure is the median time from first CT scan to thrombectomy referral "
  "decision. The target is a median below 30 minutes by March 2027.")
N("6.3", "Secondary measures include the thrombectomy rate, the proportion of scans processed by AI "
  "within 10 minutes, and the number of AI alerts later judged to be false positives.")
N("6.4", "The monthly data return must include the number of scans processed, the number of "
  "suspected large vessel occlusions flagged and the number of patients transferred for thrombectomy.")

H("7. Governance")
N("7.1", "The fund is overseen by a programme board chaired by Helen Achebe, Director of Diagnostics "
  "Transformation at NHS England.")
N("7.2", "Each network must appoint a senior responsible owner at director level and a clinical lead.")
N("7.3", "The programme board meets monthly during the deployment phase and quarterly thereafter.")
N("7.4", "Queries about this guidance should be raised through the network's regional stroke "
  "programme lead.")


def footer(canvas, d):
    canvas.saveState()
    canvas.setFont("Helvetica", 8)
    canvas.drawString(20 * mm, 10 * mm, "NHS England | RSIAF guidance | Version 1.0 | 3 April 2025")
    canvas.drawRightString(190 * mm, 10 * mm, "Page %d" % d.page)
    canvas.restoreState()


SimpleDocTemplate(str(OUT / PDF_NAME), pagesize=A4, leftMargin=20 * mm, rightMargin=20 * mm,
                  topMargin=18 * mm, bottomMargin=18 * mm,
                  title="Rapid Stroke Imaging AI Fund: guidance for participating networks",
                  author="NHS England").build(story, onFirstPage=footer, onLaterPages=footer)

print("built:", HTML_NAME, DOCX_NAME, PDF_NAME)
