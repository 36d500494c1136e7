"""One approval workflow for every unit: its task routes each page or legal document to the
moderators of the unit that owns it. It replaces Wagtail's default workflow on the root page
(so every site inherits it) and on legal documents."""

from django.db import migrations

WORKFLOW_NAME = "Duyệt tin bài và văn bản của đơn vị"


def create_workflow(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Page = apps.get_model("wagtailcore", "Page")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowTask = apps.get_model("wagtailcore", "WorkflowTask")
    WorkflowPage = apps.get_model("wagtailcore", "WorkflowPage")
    WorkflowContentType = apps.get_model("wagtailcore", "WorkflowContentType")
    UnitApprovalTask = apps.get_model("units", "UnitApprovalTask")

    task_type, _ = ContentType.objects.get_or_create(app_label="units", model="unitapprovaltask")
    task = UnitApprovalTask.objects.filter(name="Lãnh đạo đơn vị duyệt").first()
    if task is None:
        task = UnitApprovalTask.objects.create(
            name="Lãnh đạo đơn vị duyệt", content_type=task_type, active=True
        )
    workflow, _ = Workflow.objects.get_or_create(name=WORKFLOW_NAME, defaults={"active": True})
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})

    previous = set()
    root = Page.objects.filter(depth=1).first()
    if root is not None:
        for link in WorkflowPage.objects.filter(page=root):
            previous.add(link.workflow_id)
        WorkflowPage.objects.update_or_create(page=root, defaults={"workflow": workflow})
    law_type, _ = ContentType.objects.get_or_create(app_label="laws", model="legaldocument")
    for link in WorkflowContentType.objects.filter(content_type=law_type):
        previous.add(link.workflow_id)
    WorkflowContentType.objects.update_or_create(
        content_type=law_type, defaults={"workflow": workflow}
    )
    # Wagtail's default workflow sends everything to one global moderators group: retire it.
    Workflow.objects.filter(pk__in=previous - {workflow.pk}).exclude(
        pk__in=WorkflowPage.objects.values("workflow")
    ).exclude(pk__in=WorkflowContentType.objects.values("workflow")).update(active=False)


class Migration(migrations.Migration):
    dependencies = [
        ("units", "0003_unit_approval_task"),
        ("laws", "0002_legal_document_workflow"),
        ("wagtailcore", "0083_workflowcontenttype"),
    ]

    operations = [migrations.RunPython(create_workflow, migrations.RunPython.noop)]
