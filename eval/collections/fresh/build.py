"""Build the fresh evaluation documents (invented content).

Fictional programme: the Community Eye and Skin AI Programme (CESAP).
  1. 2025-02-06-cesap-funding-announcement.html  - NHS England news page (29 community sites)
  2. cesap-six-month-progress-update.docx         - NHS England progress update (31 community sites)
  3. hdp-board-paper-dermalens-2025-11.pdf        - Hallamvale Dermatology Partnership board paper
Run with: python build.py (needs python-docx and reportlab)
"""
import datetime
import html
from pathlib import Path

from docx import Document
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import getSampleStyleSheet, ParagraphStyle
from reportlab.lib.units import mm
from reportlab.lib import colors
from reportlab.platypus import (SimpleDocTemplate, Paragraph, Spacer, Table, TableStyle,
                                ListFlowable, ListItem)

DOCS = Path(__file__).parent / "docs"
DOCS.mkdir(exist_ok=True)

LQ, RQ = "\u201c", "\u201d"

# =========================================================== 1. HTML news page
ART = {
    "title": "\u00a318.5 million for AI to speed up skin cancer and eye checks in the community",
    "summary": ("Four NHS networks will use artificial intelligence to help assess skin lesions "
                "and diabetic eye screening images at 29 community sites, as part of a new "
                "2-year programme."),
}

body = []


def p(text):
    body.append("<p>" + html.escape(text, quote=False) + "</p>")


def h2(text):
    body.append("<h2>" + html.escape(text, quote=False) + "</h2>")


def q(lead, text):
    p(lead)
    body.append('<blockquote class="nhsuk-quote"><p>' + LQ + html.escape(text, quote=False)
                + RQ + "</p></blockquote>")


p("Patients referred with a suspicious mole or attending diabetic eye screening will get faster "
  "answers, as 4 NHS networks receive a share of \u00a318.5 million to use artificial "
  "intelligence (AI) in community services.")
p("The Community Eye and Skin AI Programme (CESAP) is a 2-year programme funded by the "
  "Department of Health and Social Care (DHSC) and delivered by NHS England. It runs from "
  "April 2025 to March 2027.")
p("The programme had been due to start in January 2025, but the start was put back to April "
  "2025 to give networks more time to prepare.")
p("4 of the 15 networks that applied were selected after assessment by a national panel. "
  "Together they will use AI at 29 community sites, including health centres, community "
  "hospitals and high-street optometry practices.")
h2("Why community services")
p("Urgent suspected skin cancer referrals in the 4 networks rose by 22% between 2022 and 2024, "
  "while the number of consultant dermatologists stayed broadly flat. Many people with diabetes "
  "also wait longer than they should for their screening results because there are not enough "
  "trained graders to look at every image.")
p("Bringing AI into community sites means that photographs can be taken close to home and "
  "sorted by risk before they reach a specialist, so that the most worrying cases are seen "
  "first.")
h2("How the AI works in practice")
p("In skin services, a nurse or healthcare assistant at a community site takes a dermatoscope "
  "photograph of the lesion, which DermaLens SK-3 sorts into high, medium or low risk. In eye "
  "screening, RetinaScope DR-5 grades retinal photographs and flags those showing signs of "
  "diabetic retinopathy.")
h2("Funding for each network")
p("\u00a316.9 million will go directly to the 4 networks to pay for software licences, cameras, "
  "integration with local IT systems and staff training. The remaining \u00a31.6 million will "
  "fund an independent evaluation by the Tyneford Centre for Health Evaluation (TCHE).")
p("The table below shows how the network funding will be shared.")
rows = [
    ("Network", "Service", "AI product", "Allocation", "Community sites"),
    ("Hallamvale Dermatology Partnership (HDP)", "Skin lesion triage", "DermaLens SK-3",
     "\u00a35.2 million", "9"),
    ("Wyvern Coast Eye Care Network (WCECN)", "Diabetic eye screening", "RetinaScope DR-5",
     "\u00a34.6 million", "8"),
    ("Tamsworth and Ribble Diagnostic Alliance (TRDA)",
     "Skin lesion triage and diabetic eye screening", "DermaLens SK-3 and RetinaScope DR-5",
     "\u00a33.9 million", "7"),
    ("Oakhurst and Fenby Community Diagnostics Network (OFCDN)", "Diabetic eye screening",
     "RetinaScope DR-5", "\u00a33.2 million", "5"),
]
t = ['<table class="nhsuk-table">', "<caption>CESAP network allocations</caption>",
     "<thead><tr>" + "".join("<th scope=\"col\">%s</th>" % html.escape(c) for c in rows[0])
     + "</tr></thead>", "<tbody>"]
for r in rows[1:]:
    t.append("<tr>" + "".join("<td>%s</td>" % html.escape(c) for c in r) + "</tr>")
t.append("</tbody></table>")
body.append("\n".join(t))
p("DermaLens SK-3 is supplied by Carrowby Medical AI. RetinaScope DR-5 is supplied by "
  "Ophira Health.")
h2("What the programme aims to achieve")
p("In skin cancer services, the programme aims to allow at least 30% of urgent skin lesion "
  "referrals to be safely discharged without a hospital appointment by March 2027.")
p("A small pilot of DermaLens SK-3 at 2 Hallamvale sites in 2024 suggested that around a third "
  "of urgent referrals could be managed without a hospital appointment, though the full "
  "evaluation has not been published.")
p("In diabetic eye screening, it aims to grade 90% of screening images within 3 weeks, "
  "compared with 58% in the participating networks today.")
p("All 4 networks are expected to be live by September 2025.")
h2("Safeguards for patients")
p("The AI does not make the final decision. Every skin lesion assessed by DermaLens SK-3 must be "
  "reviewed by a consultant dermatologist before a patient is discharged, and every eye "
  "screening image graded as abnormal must be checked by a qualified human grader.")
p("Patients will be told that AI is being used and may ask for their images to be assessed by a "
  "clinician only.")
p("Networks must report any safety incident involving the software to NHS England within 48 "
  "hours.")
q("Minister for Public Health Andrea Pelham said:",
  "Nobody should have to wait weeks to find out whether a mole is something to worry about. "
  "This funding puts AI to work in the places people already go for care, so that specialists "
  "can spend their time on the patients who need them most.")
q("Dr Olusegun Brathwaite, National Clinical Lead for Diagnostic Innovation at NHS England, said:",
  "We have chosen networks that are ready to move quickly, but speed will never come before "
  "safety. Every decision about a patient\u2019s care will still be made by a clinician.")
q("Professor Ruth Aldenby, Director of the Tyneford Centre for Health Evaluation, said:",
  "Our job is to find out not just whether these tools are quick, but whether they are safe and "
  "good value for the NHS. We will publish what we find, whatever it shows.")
h2("What happens next")
p("TCHE will publish an interim report in December 2025 and a final report in summer 2027.")
p("Networks that were not selected will be able to bid in a second round, which is expected to "
  "open in 2026. Further details, including how to apply, will be published in due course.")
h2("Notes to editors")
body.append("<ol>"
            "<li>The 4 networks were chosen by a national assessment panel convened by NHS England.</li>"
            "<li>Diabetic eye screening is offered every year or every 2 years to people with diabetes "
            "aged 12 and over.</li>"
            "<li>CESAP is separate from existing national imaging AI programmes and does not fund "
            "hospital radiology.</li>"
            "</ol>")

HTML = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title} | NHS England</title>
<meta name="description" content="{summary}">
<meta property="og:site_name" content="NHS England">
<meta name="DC.date.issued" content="2025-02-06">
<link rel="stylesheet" href="/wp-content/themes/nhsengland/assets/css/main.min.css?ver=4.12.2">
<link rel="alternate" type="application/rss+xml" title="NHS England news feed" href="/feed/">
<script src="/wp-content/themes/nhsengland/assets/js/cookieconsent.min.js" defer></script>
</head>
<body class="post-template-default single single-post nhsuk-frontend">
<a class="nhsuk-skip-link" href="#maincontent">Skip to main content</a>
<div id="nhsuk-cookie-banner" role="region" aria-label="Cookie consent">
  <h2>Cookies on the NHS England website</h2>
  <p>We've put some small files called cookies on your device to make our site work.</p>
  <p>We'd also like to use analytics cookies. These send information about how our site is used to a service called Google Analytics. We use this information to improve our site.</p>
  <button id="nhsuk-cookie-banner__link_accept_analytics">Yes, I'm OK with analytics cookies</button>
  <button id="nhsuk-cookie-banner__link_accept">No, do not use analytics cookies</button>
  <a href="/privacy-policy/cookies/">Tell me more about cookies</a>
</div>
<header class="nhsuk-header nhsuk-header--organisation" role="banner">
  <div class="nhsuk-width-container nhsuk-header__container">
    <div class="nhsuk-header__logo"><a class="nhsuk-header__link" href="/" aria-label="NHS England homepage"><span class="nhsuk-organisation-name">NHS England</span></a></div>
    <div class="nhsuk-header__search">
      <form class="nhsuk-header__search-form" action="/search/" method="get" role="search">
        <label class="nhsuk-u-visually-hidden" for="search-field">Search the NHS England website</label>
        <input class="nhsuk-search__input" id="search-field" name="s" type="search" placeholder="Search" autocomplete="off">
        <button class="nhsuk-search__submit" type="submit">Search</button>
      </form>
    </div>
  </div>
  <nav class="nhsuk-header__navigation" id="header-navigation" role="navigation" aria-label="Primary navigation">
    <ul class="nhsuk-header__navigation-list">
      <li><a href="/about/">About us</a></li>
      <li><a href="/our-work/">Our work</a></li>
      <li><a href="/commissioning/">Commissioning</a></li>
      <li><a href="/get-involved/">Get involved</a></li>
      <li><a href="/publications/">Publications</a></li>
      <li><a href="/news/">News</a></li>
      <li><a href="/contact-us/">Contact us</a></li>
    </ul>
  </nav>
</header>
<div class="nhsuk-width-container">
  <nav class="nhsuk-breadcrumb" aria-label="Breadcrumb">
    <ol class="nhsuk-breadcrumb__list">
      <li><a href="/">Home</a></li>
      <li><a href="/news/">News</a></li>
      <li><a href="/diagnostics/">Diagnostics</a></li>
    </ol>
  </nav>
  <main id="maincontent" class="nhsuk-main-wrapper" role="main">
    <article class="post">
      <h1>{title}</h1>
      <div class="post-meta">
        <p class="nhsuk-body-s">Published by: <span class="publisher">NHS England and the Department of Health and Social Care</span></p>
        <p class="nhsuk-body-s">Published: <time datetime="2025-02-06">6 February 2025</time></p>
        <p class="nhsuk-body-s">Categories: <a href="/news/diagnostics/">Diagnostics</a>, <a href="/news/digital/">Digital</a></p>
      </div>
      <p class="nhsuk-lede-text">{summary}</p>
{body}
    </article>
    <aside class="related-content" aria-label="Related content">
      <h2>Related news</h2>
      <ul>
        <li><a href="/news/2025/01/diagnostic-waits-update/">Diagnostic waiting times: January update</a></li>
        <li><a href="/news/2024/11/community-diagnostic-centres-milestone/">Community diagnostic centres pass new milestone</a></li>
      </ul>
      <h2>Share this page</h2>
      <ul class="share-links"><li><a href="#">Email</a></li><li><a href="#">LinkedIn</a></li><li><a href="#">Bluesky</a></li></ul>
    </aside>
    <div class="page-feedback"><p>Is this page useful? <a href="#">Yes</a> <a href="#">No</a> <a href="#">Report a problem with this page</a></p></div>
  </main>
</div>
<footer role="contentinfo">
  <div class="nhsuk-footer" id="nhsuk-footer">
    <div class="nhsuk-width-container">
      <h2 class="nhsuk-u-visually-hidden">Support links</h2>
      <ul class="nhsuk-footer__list">
        <li><a class="nhsuk-footer__list-item-link" href="/accessibility/">Accessibility statement</a></li>
        <li><a class="nhsuk-footer__list-item-link" href="/privacy-policy/">Privacy notice</a></li>
        <li><a class="nhsuk-footer__list-item-link" href="/terms-and-conditions/">Terms and conditions</a></li>
        <li><a class="nhsuk-footer__list-item-link" href="/freedom-of-information/">Freedom of information</a></li>
        <li><a class="nhsuk-footer__list-item-link" href="/sitemap/">Sitemap</a></li>
      </ul>
      <p class="nhsuk-footer__copyright">&copy; NHS England 2025. All content is available under the Open Government Licence v3.0, except where otherwise stated.</p>
    </div>
  </div>
</footer>
<script src="/wp-content/themes/nhsengland/assets/js/main.min.js?ver=4.12.2"></script>
</body>
</html>
"""
(DOCS / "2025-02-06-cesap-funding-announcement.html").write_text(
    HTML.format(title=html.escape(ART["title"]), summary=html.escape(ART["summary"]),
                body="\n".join("      " + b for b in body)),
    encoding="utf-8")

# =========================================================== 2. DOCX progress update
d = Document()


def dquote(lead, text):
    d.add_paragraph(lead)
    para = d.add_paragraph(LQ + text + RQ)
    para.style = d.styles["Quote"]


d.add_paragraph("Community Eye and Skin AI Programme: six-month progress update", style="Title")
d.add_paragraph("Published by NHS England, Diagnostics Programme team. Published 18 September 2025.")
d.add_paragraph(
    "This update sets out progress in the first six months of the Community Eye and Skin AI "
    "Programme (CESAP), which began in April 2025. It is based on monthly returns submitted by the "
    "4 participating networks up to 31 August 2025.")

d.add_heading("Summary", level=1)
for b in [
    "19 of the 31 community sites in the programme are now live.",
    "3 of the 4 networks have gone live; the Oakhurst and Fenby Community Diagnostics Network has not.",
    "The AI tools have assessed 21,340 skin lesion images and 48,900 diabetic eye screening images.",
    "\u00a37.4 million of the \u00a316.9 million network allocation had been spent by 31 August 2025.",
    "2 safety incidents involving the software were reported to NHS England; neither resulted in patient harm.",
]:
    d.add_paragraph(b, style="List Bullet")

d.add_heading("Roll-out by network", level=1)
d.add_paragraph("The table below compares each network\u2019s planned go-live month with what "
                "actually happened.")
rows = [
    ("Network", "AI product", "Planned go-live", "Actual go-live", "Sites live"),
    ("Hallamvale Dermatology Partnership", "DermaLens SK-3", "April 2025", "April 2025", "7"),
    ("Wyvern Coast Eye Care Network", "RetinaScope DR-5", "May 2025", "June 2025", "8"),
    ("Tamsworth and Ribble Diagnostic Alliance", "DermaLens SK-3 and RetinaScope DR-5",
     "June 2025", "June 2025", "4"),
    ("Oakhurst and Fenby Community Diagnostics Network", "RetinaScope DR-5", "July 2025",
     "Not yet live", "0"),
]
tb = d.add_table(rows=len(rows), cols=5)
tb.style = "Table Grid"
for i, r in enumerate(rows):
    for j, v in enumerate(r):
        tb.cell(i, j).text = v
d.add_paragraph(
    "The Oakhurst and Fenby Community Diagnostics Network had planned to go live in July 2025. Its "
    "launch has been delayed by problems connecting RetinaScope DR-5 to the retinal cameras used "
    "in its optometry practices, and it now expects to go live in January 2026.")
d.add_paragraph(
    "The Wyvern Coast Eye Care Network went live in June 2025, a month later than planned, after a "
    "delay in agreeing data-sharing arrangements with local optometry practices.")
d.add_paragraph(
    "The Tamsworth and Ribble Diagnostic Alliance has switched on both tools at 4 of its 7 sites "
    "and expects the remaining 3 to follow by December 2025.")

d.add_heading("Early results by service", level=1)
d.add_heading("Skin lesion triage", level=2)
d.add_paragraph(
    "At Hallamvale Dermatology Partnership, 41% of urgent skin lesion referrals assessed by "
    "DermaLens SK-3 were discharged without a hospital appointment after consultant review. At the "
    "Tamsworth and Ribble Diagnostic Alliance the figure was 26%.")
d.add_heading("Diabetic eye screening", level=2)
d.add_paragraph(
    "At the Wyvern Coast Eye Care Network, the proportion of screening images graded within 3 "
    "weeks rose from 61% to 92%. At the Tamsworth and Ribble Diagnostic Alliance it rose from 55% "
    "to 78%.")
d.add_paragraph("Across both services, clinicians overrode the AI\u2019s assessment in 6% of cases.")
d.add_paragraph(
    "These early results are encouraging, though the full evaluation has not been published and "
    "TCHE has not yet assessed whether any cancers or sight-threatening conditions were missed.")
dquote("Dr Imran Castellano, Clinical Director of the Wyvern Coast Eye Care Network, said:",
       "Our graders used to spend most of their day on normal images. Now the software sorts "
       "those out first, and the team can concentrate on the patients whose sight is at risk.")

d.add_heading("Patient experience", level=1)
d.add_paragraph(
    "Of the 1,850 patients who answered a survey at HDP and TRDA sites, 83% said they were happy "
    "for AI to be used in their care and 4% asked for their images to be assessed by a clinician "
    "only.")

d.add_heading("Spending", level=1)
d.add_paragraph(
    "By 31 August 2025, networks had spent \u00a37.4 million of their combined \u00a316.9 million "
    "allocation. Most of this has gone on cameras and integration work. Licence costs are paid "
    "quarterly and are not reported separately in this update.")

d.add_heading("Workforce and training", level=1)
d.add_paragraph(
    "Networks must make sure every clinician who reviews AI output has completed the supplier\u2019s "
    "training. By 31 August 2025, 212 of the 260 clinicians and graders working across the live "
    "sites had done so.")
d.add_paragraph(
    "Networks may decide locally whether to use the AI for routine skin referrals; its use for "
    "urgent referrals is a condition of funding.")
dquote("Jenna Morcambe, CESAP Programme Director at NHS England, said:",
       "Three networks live in six months is real progress, but we are not going to pretend "
       "Oakhurst and Fenby is on track. We would rather they go live in January with cameras that "
       "work than rush it.")

d.add_heading("Risks and issues", level=1)
d.add_paragraph("The programme board is tracking three main risks:")
for b in [
    "camera compatibility at the Oakhurst and Fenby Community Diagnostics Network (high);",
    "funding for software licences after March 2027 (medium);",
    "grader vacancies at the Tamsworth and Ribble Diagnostic Alliance, where 3 grader posts are "
    "vacant (medium).",
]:
    d.add_paragraph(b, style="List Bullet")

d.add_heading("Next steps", level=1)
for b in [
    "TCHE\u2019s interim report is due in December 2025.",
    "NHS England will decide by March 2026 whether to fund licences beyond the end of the "
    "programme in March 2027.",
    "The timetable for a second funding round has not yet been confirmed.",
]:
    d.add_paragraph(b, style="List Bullet")

cp = d.core_properties
cp.title = "Community Eye and Skin AI Programme: six-month progress update"
cp.author = "NHS England Diagnostics Programme"
cp.created = datetime.datetime(2025, 9, 18, 10, 0, 0)
d.save(DOCS / "cesap-six-month-progress-update.docx")

# =========================================================== 3. PDF board paper
ss = getSampleStyleSheet()
N = ParagraphStyle("n", parent=ss["Normal"], fontName="Helvetica", fontSize=10.5, leading=14,
                   spaceAfter=6)
QS = ParagraphStyle("q", parent=N, leftIndent=12 * mm, fontName="Helvetica-Oblique")
H1 = ParagraphStyle("h1", parent=ss["Title"], fontName="Helvetica-Bold", fontSize=16, leading=20)
H2 = ParagraphStyle("h2", parent=ss["Heading2"], fontName="Helvetica-Bold", fontSize=12.5)
SM = ParagraphStyle("sm", parent=N, fontSize=9.5, textColor=colors.HexColor("#333333"))


def esc(s):
    return html.escape(s, quote=False)


st = []


def P(s, style=N):
    st.append(Paragraph(esc(s), style))


def H(s):
    st.append(Paragraph(esc(s), H2))


def Q(lead, s):
    P(lead)
    P(LQ + s + RQ, QS)


P("Hallamvale Dermatology Partnership", SM)
P("Partnership Board \u2013 meeting in public, 27 November 2025 \u2013 Paper HDP/B/25/41", SM)
st.append(Paragraph(esc("DermaLens SK-3 AI skin lesion triage: progress report to the Partnership Board"), H1))
P("Publisher: Hallamvale Dermatology Partnership. Date of paper: 20 November 2025.", SM)
P("Author: Gareth Lyle, Chief Operating Officer. Clinical sponsor: Dr Niamh Ferrier.", SM)
st.append(Spacer(1, 4 * mm))

H("1. Purpose")
P("This paper updates the Board on the deployment of DermaLens SK-3, the AI skin lesion triage "
  "tool funded through the Community Eye and Skin AI Programme (CESAP), and asks the Board to "
  "approve additional spending on cameras.")

H("2. Background")
P("HDP received \u00a35.2 million from CESAP in February 2025 to deploy DermaLens SK-3, supplied by "
  "Carrowby Medical AI, across its 9 community dermatology sites.")
P("The partnership serves a population of around 780,000 people and received 9,400 urgent "
  "suspected skin cancer referrals in 2024/25, up from 7,900 two years earlier.")
P("The first site, Castlegate Health Centre, went live on 14 April 2025.")
P("Under the terms of the funding, the AI only sorts referrals by risk. It does not diagnose, and "
  "it does not discharge patients.")

H("3. Roll-out")
P("HDP had planned to have all 9 sites live by October 2025. As at 31 October 2025, 7 of the 9 "
  "sites are live.")
P("Millgate Community Hospital and Thornbury Road Health Centre are the two sites yet to go live. "
  "Both are now expected to go live in March 2026, after delays in installing dermatoscope "
  "cameras.")

H("4. Activity and performance")
P("The figures below cover the period from 14 April 2025 to 31 October 2025 at the 7 live sites.")
items = [
    "Lesions assessed by DermaLens SK-3 since go-live: 16,480",
    "Lesions flagged as high priority for urgent review: 11%",
    "Urgent referrals discharged without a hospital appointment after consultant review: 41%",
    "Patients seen within two weeks of an urgent referral: up from 68% to 87%",
    "Average wait for a first dermatology appointment: down from 34 days to 19 days",
    "Cases where a clinician overrode the AI risk classification: 7%",
]
st.append(ListFlowable([ListItem(Paragraph(esc(i), N), leftIndent=10) for i in items],
                       bulletType="bullet", start="\u2022", bulletFontName="Helvetica",
                       leftIndent=14))
P("Use of DermaLens SK-3 is mandatory for all urgent skin lesion referrals at live sites, but "
  "optional for routine referrals.")
P("Every lesion classed as low risk must still be reviewed by a consultant dermatologist before "
  "the patient is discharged.")
Q("Dr Niamh Ferrier, Consultant Dermatologist and Clinical Lead for AI at HDP, said:",
  "DermaLens does not make the diagnosis. What it gives us is a safer order of work: the "
  "worrying lesions come to the top of the pile, and my colleagues spend less of their clinic "
  "time on harmless moles.")

H("5. Quality and safety")
P("A clinical audit of 1,200 discharged lesions found 3 that should have been seen in clinic. "
  "All 3 patients have since been recalled and seen by a consultant.")
P("The audit results are reassuring, though the full evaluation has not been published by TCHE.")
Q("Malcolm Reddaway, a member of the HDP patient panel, said:",
  "Waiting for news about a mole is frightening. If this gets people an answer in days rather "
  "than weeks, the patient panel will support it, as long as a doctor still has the last word.")

H("6. Workforce and patient feedback")
P("HDP employs 14 consultant dermatologists across the partnership. 46 of the 52 nurses and "
  "healthcare assistants who take dermatoscope images have completed Carrowby Medical AI’s "
  "training.")
P("Of 640 patients surveyed at HDP sites between June and September 2025, 88% rated the service "
  "good or very good.")

H("7. Risks")
P("The main risks to the project are:")
risks = [
    "further delays in installing dermatoscope cameras at the two remaining sites;",
    "the absence of agreed funding for software licences after March 2027;",
    "a rise in routine referrals if GPs see the service as a quicker route to a specialist.",
]
st.append(ListFlowable([ListItem(Paragraph(esc(i), N), leftIndent=10) for i in risks],
                       bulletType="bullet", start="•", bulletFontName="Helvetica",
                       leftIndent=14))

H("8. Finance")
st.append(Table(
    [["Item", "Amount"],
     ["CESAP allocation to HDP", "\u00a35.2 million"],
     ["Spent by 31 October 2025", "\u00a33.1 million"],
     ["Additional dermatoscope cameras (for approval)", "\u00a3120,000"]],
    colWidths=[110 * mm, 40 * mm],
    style=TableStyle([("FONTNAME", (0, 0), (-1, -1), "Helvetica"),
                      ("FONTNAME", (0, 0), (-1, 0), "Helvetica-Bold"),
                      ("FONTSIZE", (0, 0), (-1, -1), 10),
                      ("GRID", (0, 0), (-1, -1), 0.5, colors.grey),
                      ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8edee"))])))
st.append(Spacer(1, 3 * mm))
P("\u00a33.1 million of HDP\u2019s \u00a35.2 million allocation had been spent by 31 October 2025.")
P("Licence costs after March 2027 have not been agreed with Carrowby Medical AI.")

H("9. Recommendations")
P("The Board is asked to:")
recs = [
    "note progress on the roll-out of DermaLens SK-3;",
    "approve \u00a3120,000 from the CESAP allocation for additional dermatoscope cameras at "
    "Millgate Community Hospital and Thornbury Road Health Centre;",
    "agree that a business case for extending DermaLens SK-3 to routine referrals comes to the "
    "Board in February 2026.",
]
st.append(ListFlowable([ListItem(Paragraph(esc(i), N), leftIndent=10) for i in recs],
                       bulletType="1", leftIndent=14))
P("Gareth Lyle, Chief Operating Officer, Hallamvale Dermatology Partnership", SM)

doc = SimpleDocTemplate(str(DOCS / "hdp-board-paper-dermalens-2025-11.pdf"), pagesize=A4,
                        leftMargin=20 * mm, rightMargin=20 * mm, topMargin=18 * mm,
                        bottomMargin=18 * mm,
                        title="DermaLens SK-3 AI skin lesion triage: progress report to the Partnership Board",
                        author="Hallamvale Dermatology Partnership")
doc.build(st)
print("built")
