"""The starting framework Cadence ships: one general framework with an individual-contributor track
(IC1-IC5) and a management track (M1-M5), four themes and ten competencies per track (six shared,
four specific), each with what it expects at every level. Published as version 1; HR edits it like
any other framework (a draft of version 2) or replaces it by importing their own.

The content is the import/export document (competencies/exchange.py), so it reads as an example of
the schema too. Written here with the historical models, as a migration must."""

import yaml
from django.db import migrations
from django.utils import timezone

NAME = "Cadence starting framework"

DOCUMENT = """\
schema: cadence-competency-framework/1
framework:
  name: Cadence starting framework
  description: A general framework for individual contributors and managers. Edit it to fit your organisation, or import your own.
tracks:
- key: ic
  name: Individual contributor
  description: People who create value mainly through their own work and expertise, and grow by taking on harder problems and wider influence.
  levels:
  - key: ic1
    code: IC1
    title: Associate
    summary: Learning the role. Completes well-defined tasks with guidance and asks for help early.
  - key: ic2
    code: IC2
    title: Professional
    summary: Independent on everyday work. Owns tasks from start to finish and needs guidance only on unfamiliar problems.
  - key: ic3
    code: IC3
    title: Senior
    summary: Owns larger pieces of work end to end, handles ambiguity and helps others in the team get better.
  - key: ic4
    code: IC4
    title: Lead
    summary: Shapes the work of a team or area, solves problems that span teams and is a go-to expert.
  - key: ic5
    code: IC5
    title: Principal
    summary: Sets direction in their field for the organisation and is known for it beyond their own department.
- key: mgmt
  name: Management
  description: People who create value mainly through the people and teams they lead.
  levels:
  - key: m1
    code: M1
    title: Team lead
    summary: Leads a small team, often while still doing some hands-on work. Runs the team's week and develops its people.
  - key: m2
    code: M2
    title: Manager
    summary: Manages a team fully, owns its results and health, and hires for it.
  - key: m3
    code: M3
    title: Senior manager
    summary: Manages several teams or managers and connects their work to the department's goals.
  - key: m4
    code: M4
    title: Director
    summary: Leads a department or function, sets its strategy and builds its leadership bench.
  - key: m5
    code: M5
    title: Vice president
    summary: Leads a major part of the organisation and shapes the company's direction with the executive team.
themes:
- key: impact
  name: Impact
  description: What changes because of the person's work.
- key: craft
  name: Craft
  description: How well the work itself is done.
- key: collaboration
  name: Collaboration
  description: How the person works with others.
- key: leadership
  name: Leadership
  description: How the person takes responsibility and helps others grow.
competencies:
- key: results
  name: Delivering results
  description: Gets the right things done, on time, and says early when something is at risk.
  theme: impact
  expectations:
    ic/ic1: Finishes assigned tasks within the agreed time. Raises blockers the same day instead of waiting for the next check-in.
    ic/ic2: Plans their own work for the week, keeps commitments and re-plans with their lead when priorities change.
    ic/ic3: Delivers projects of several weeks end to end, breaks them into milestones and keeps stakeholders informed of progress and risks.
    ic/ic4: Delivers outcomes that need several people or teams, removes obstacles for them and adjusts scope to hit what matters.
    ic/ic5: Delivers results that move company-level goals and makes sure the organisation finishes what it starts.
    mgmt/m1: The team reliably delivers what it commits to. Notices slipping work early and helps the team recover.
    mgmt/m2: Sets clear quarterly goals with the team, tracks them openly and steps in when progress stalls.
    mgmt/m3: Aligns several teams on shared goals, balances their capacity and delivers results that none could alone.
    mgmt/m4: The department meets its yearly goals. Makes trade-offs between initiatives explicit and stops work that no longer pays off.
    mgmt/m5: Delivers results that define the company's year and holds leaders accountable for their part.
- key: judgement
  name: Judgement and decisions
  description: Makes sound decisions with the information available and learns from their outcome.
  theme: impact
  expectations:
    ic/ic1: Knows which decisions are theirs to make and which to ask about. Explains the reasons for the choices they make.
    ic/ic2: Weighs two or three options before choosing, writes down the reasoning for decisions others will build on.
    ic/ic3: Makes decisions under uncertainty within their project, names the risks and revisits a decision when facts change.
    ic/ic4: Makes decisions that affect several teams, involves the right people and documents them so they are understood later.
    ic/ic5: Makes or shapes long-term decisions for the organisation and is trusted to get the hard calls right.
    mgmt/m1: Makes timely decisions about the team's daily work and explains them. Escalates what is above their remit.
    mgmt/m2: Makes staffing, priority and process decisions for the team with input from those affected, and stands by them.
    mgmt/m3: Decides between competing priorities of several teams with a clear, shared rationale.
    mgmt/m4: Makes strategic decisions for the department, balancing short-term results against long-term health.
    mgmt/m5: Makes decisions that set the company's course, under uncertainty, and changes course openly when needed.
- key: communication
  name: Communication
  description: Shares information clearly and in time, in writing and in conversation, and listens.
  theme: collaboration
  expectations:
    ic/ic1: Writes clear updates on their own work and asks questions when something is unclear.
    ic/ic2: Explains their work to colleagues in other roles without jargon and keeps written updates short and current.
    ic/ic3: Writes proposals others can decide on, runs focused meetings and adapts the message to the audience.
    ic/ic4: Communicates complex topics to senior leaders and other departments, and makes sure decisions reach everyone affected.
    ic/ic5: Communicates direction across the organisation in a way that people remember and act on.
    mgmt/m1: Keeps the team informed about what happens around it and gives the team's news to others.
    mgmt/m2: Communicates goals, changes and decisions clearly and early, including the reasons behind them.
    mgmt/m3: Makes sure information flows between their teams and the rest of the organisation in both directions.
    mgmt/m4: Communicates the department's strategy so that every team can say how its work contributes.
    mgmt/m5: Speaks for their part of the company inside and outside it, and keeps people informed through difficult changes.
- key: teamwork
  name: Collaboration and feedback
  description: Works well with others, gives and asks for feedback, and resolves disagreement constructively.
  theme: collaboration
  expectations:
    ic/ic1: Is helpful and reliable with teammates, accepts feedback and acts on it.
    ic/ic2: Asks for feedback on their work, gives specific and kind feedback to peers and shares knowledge freely.
    ic/ic3: Works across roles to get things done, gives candid feedback and resolves disagreements directly with the person concerned.
    ic/ic4: Builds working relationships across teams, brings people with different views to a decision and defuses conflicts.
    ic/ic5: Creates collaboration between departments that did not work together before.
    mgmt/m1: Builds trust within the team, holds regular one-to-ones and gives timely feedback, positive and corrective.
    mgmt/m2: Creates a team where people give each other feedback openly, and handles conflicts early and fairly.
    mgmt/m3: Builds strong partnerships with peer managers and other departments and resolves conflicts between teams.
    mgmt/m4: Builds a culture of feedback and collaboration across the department and works as one team with their peers.
    mgmt/m5: Models collaboration at the top of the organisation and removes the structural causes of friction.
- key: ownership
  name: Ownership
  description: Takes responsibility for outcomes, not only tasks, and follows through.
  theme: leadership
  expectations:
    ic/ic1: Takes responsibility for their own tasks and mistakes and tells their lead when they have made one.
    ic/ic2: Follows work through until it is really done, including the unglamorous parts, and fixes problems they notice.
    ic/ic3: Owns the outcome of their projects, not just their part, and steps up when something falls between roles.
    ic/ic4: Takes ownership of problems in their area that nobody owns and sees them resolved.
    ic/ic5: Takes responsibility for the long-term health of their field in the organisation.
    mgmt/m1: Takes responsibility for the team's work and does not blame individuals in public.
    mgmt/m2: Owns the team's results, health and processes, and fixes what is not working.
    mgmt/m3: Owns the results of several teams and the gaps between them.
    mgmt/m4: Owns the department's performance and culture, including the problems inherited with it.
    mgmt/m5: Owns company-level outcomes and makes ownership clear at every level below.
- key: learning
  name: Learning and improvement
  description: Keeps learning, and improves how the work is done.
  theme: craft
  expectations:
    ic/ic1: Learns the tools and practices of the role quickly and asks how things could be done better.
    ic/ic2: Sets learning goals with their lead, follows through on them and applies what they learned.
    ic/ic3: Improves the practices of the team, for example by running a retrospective action to completion.
    ic/ic4: Introduces better ways of working across teams and measures whether they helped.
    ic/ic5: Brings new ideas from outside into the organisation and builds a habit of learning in others.
    mgmt/m1: Holds retrospectives and makes sure their actions are done. Gives team members time to learn.
    mgmt/m2: Agrees development goals with each person and makes room for them in the team's plans.
    mgmt/m3: Spreads good practices between teams and invests in the growth of their managers.
    mgmt/m4: Builds the department's learning programmes and makes continuous improvement part of how it plans.
    mgmt/m5: Makes learning and improvement a company priority and funds it.
- key: expertise
  name: Expertise
  description: Knows their field in depth and applies that knowledge to real problems.
  theme: craft
  tracks: [ic]
  expectations:
    ic/ic1: Knows the basics of their field and the main tools of the team, and uses them correctly with guidance.
    ic/ic2: Applies their field's standard practices independently and knows where to look for answers.
    ic/ic3: Has deep knowledge in at least one area and is the person the team asks about it.
    ic/ic4: Is a recognised expert across several areas and keeps the team's practices up to date.
    ic/ic5: Is an expert known across the organisation and beyond, and shapes how the field is practised here.
- key: quality
  name: Quality of work
  description: Produces work that is correct, maintainable and fit for its purpose.
  theme: craft
  tracks: [ic]
  expectations:
    ic/ic1: Checks their own work before handing it on and fixes issues that reviewers point out.
    ic/ic2: Produces work that rarely needs correcting, follows the team's standards and reviews others' work.
    ic/ic3: Sets the quality bar for the team's work, catches problems before they reach customers and explains trade-offs.
    ic/ic4: Defines quality standards for an area and builds checks that keep them without heroics.
    ic/ic5: Raises the quality standard of the organisation and is consulted on the most critical work.
- key: problem-solving
  name: Problem solving
  description: Understands problems before solving them and finds simple solutions.
  theme: impact
  tracks: [ic]
  expectations:
    ic/ic1: Solves well-defined problems and asks clarifying questions before starting.
    ic/ic2: Breaks down moderately complex problems, finds the cause rather than the symptom, and proposes solutions.
    ic/ic3: Solves ambiguous problems, frames them for others and chooses the simplest solution that works.
    ic/ic4: Solves problems that span teams or systems and that others have tried before without success.
    ic/ic5: Finds the problems worth solving for the organisation and leads their solution.
- key: influence
  name: Mentoring and influence
  description: Helps others grow and influences decisions without formal authority.
  theme: leadership
  tracks: [ic]
  expectations:
    ic/ic1: Shares what they learn with peers, for example in a short demo or write-up.
    ic/ic2: Helps newcomers get started and explains the team's practices to them.
    ic/ic3: Mentors one or two colleagues and influences the team's decisions with well-argued proposals.
    ic/ic4: Mentors senior colleagues and influences decisions across teams and with managers.
    ic/ic5: Influences the direction of the organisation and develops the next generation of leads.
- key: people-development
  name: Developing people
  description: Helps each person grow, through coaching, feedback and the right opportunities.
  theme: leadership
  tracks: [mgmt]
  expectations:
    mgmt/m1: Knows each person's goals, gives regular feedback and coaches them in one-to-ones.
    mgmt/m2: Agrees a development plan with each person, gives them stretch opportunities and addresses low performance promptly and fairly.
    mgmt/m3: Develops the managers who report to them and builds a pipeline of future leaders.
    mgmt/m4: Builds the department's leadership bench, with a successor for each key role.
    mgmt/m5: Develops the organisation's senior leaders and makes people development a measure of every manager.
- key: team-performance
  name: Team performance
  description: Builds teams that perform well and stay healthy.
  theme: impact
  tracks: [mgmt]
  expectations:
    mgmt/m1: Organises the team's work so that everyone knows what to do and why, and workload is shared fairly.
    mgmt/m2: Sets clear roles and expectations, measures the team's performance and improves its processes.
    mgmt/m3: Designs the structure of several teams so that they can work independently and well.
    mgmt/m4: Builds an organisation in the department that performs well and adapts when its goals change.
    mgmt/m5: Shapes the organisation design of a large part of the company for performance at scale.
- key: hiring
  name: Hiring and team building
  description: Attracts, selects and keeps the right people.
  theme: leadership
  tracks: [mgmt]
  expectations:
    mgmt/m1: Takes part in interviews with good judgement and helps new team members settle in quickly.
    mgmt/m2: Runs hiring for the team, with clear role descriptions and a fair, structured process.
    mgmt/m3: Hires managers, plans headcount for several teams and keeps strong people in the organisation.
    mgmt/m4: Plans the department's workforce, builds its employer brand and keeps its attrition healthy.
    mgmt/m5: Attracts senior leaders and sets the hiring standards of the company.
- key: direction
  name: Direction and planning
  description: Sets direction and plans that connect the team's work to the organisation's goals.
  theme: impact
  tracks: [mgmt]
  expectations:
    mgmt/m1: Plans the team's next weeks and explains how they connect to the wider goals.
    mgmt/m2: Sets the team's quarterly goals together with it, aligned with the department's.
    mgmt/m3: Creates a plan for several teams for the next year and keeps it current.
    mgmt/m4: Sets the department's strategy for several years and turns it into yearly goals.
    mgmt/m5: Sets the company's strategy with the executive team and makes it understood.
"""


def add_starting_framework(apps, schema_editor):
    Framework = apps.get_model("competencies", "Framework")
    if Framework.objects.filter(name=NAME).exists():
        return
    FrameworkVersion = apps.get_model("competencies", "FrameworkVersion")
    Track = apps.get_model("competencies", "Track")
    Level = apps.get_model("competencies", "Level")
    Theme = apps.get_model("competencies", "Theme")
    Competency = apps.get_model("competencies", "Competency")
    Expectation = apps.get_model("competencies", "Expectation")
    document = yaml.safe_load(DOCUMENT)
    head = document["framework"]
    framework = Framework.objects.create(
        name=head["name"],
        description=head["description"],
        is_general=not Framework.objects.filter(is_general=True).exists(),
    )
    version = FrameworkVersion.objects.create(
        framework=framework,
        number=1,
        status="published",
        published_at=timezone.now(),
        notes="The starting framework that ships with Cadence.",
    )
    levels = {}
    tracks = {}
    for i, data in enumerate(document["tracks"], 1):
        track = Track.objects.create(
            framework_version=version, key=data["key"], name=data["name"], description=data["description"], position=i
        )
        tracks[track.key] = track
        for j, level in enumerate(data["levels"], 1):
            levels[f"{track.key}/{level['key']}"] = Level.objects.create(track=track, position=j, **level)
    themes = {
        data["key"]: Theme.objects.create(framework_version=version, position=i, **data)
        for i, data in enumerate(document["themes"], 1)
    }
    cells = []
    for i, data in enumerate(document["competencies"], 1):
        competency = Competency.objects.create(
            framework_version=version,
            theme=themes[data["theme"]],
            key=data["key"],
            name=data["name"],
            description=data["description"],
            position=i,
        )
        competency.tracks.set([tracks[key] for key in data.get("tracks", [])])
        cells += [
            Expectation(competency=competency, level=levels[cell], text=text)
            for cell, text in data["expectations"].items()
        ]
    Expectation.objects.bulk_create(cells)


def remove_starting_framework(apps, schema_editor):
    Framework = apps.get_model("competencies", "Framework")
    Competency = apps.get_model("competencies", "Competency")
    Competency.objects.filter(framework_version__framework__name=NAME).delete()  # themes protect them
    Framework.objects.filter(name=NAME).delete()


class Migration(migrations.Migration):
    dependencies = [("competencies", "0001_initial")]

    operations = [migrations.RunPython(add_starting_framework, remove_starting_framework)]
