import sys
import time
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.files import File
from django.core.management.base import BaseCommand, CommandParser
from django.db.models.functions import Upper

from core.files import UploadRefused
from suppliers.models import Supplier
from surveys import services
from surveys.models import Campaign, Submission, SurveyRequest

# Exit statuses (the same as cmrt_inspect's where they overlap).
STORED, UNKNOWN, REFUSED, NOT_CHECKED = 0, 1, 2, 3


class Command(BaseCommand):
    help = (
        "File a CMRT for a supplier's request in a campaign exactly as the portal's upload does, and print "
        "the outcome. Exit 0 when stored (valid or invalid), 2 when refused, 1 for an unknown campaign or "
        "supplier or a supplier without a request in the campaign, 3 when the check failed or did not "
        "finish within --timeout."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--campaign", required=True, metavar="NAME")
        parser.add_argument("--supplier", required=True, metavar="CODE")
        parser.add_argument("file", metavar="FILE")
        parser.add_argument("--timeout", type=float, default=300.0, help="seconds to wait for the check")

    def fail(self, status: int, message: str) -> None:
        self.stderr.write(message)
        sys.exit(status)

    def handle(self, *args: Any, **options: Any) -> None:
        campaign = Campaign.objects.filter(name=options["campaign"]).first()
        if campaign is None:
            self.fail(UNKNOWN, f"no campaign named {options['campaign']!r}")
        supplier = (
            Supplier.objects.annotate(code_upper=Upper("supplier_code"))
            .filter(code_upper=options["supplier"].strip().upper())
            .first()
        )
        if supplier is None:
            self.fail(UNKNOWN, f"no supplier with code {options['supplier']!r}")
        survey_request = SurveyRequest.objects.filter(campaign=campaign, supplier=supplier).first()
        if survey_request is None:
            self.fail(UNKNOWN, f"{supplier} has no request in {campaign}")
        path = Path(options["file"])
        if not path.is_file():
            self.fail(UNKNOWN, f"no file {path}")
        try:
            with path.open("rb") as handle:
                submission = services.request_submission_create(
                    survey_request=survey_request,  # type: ignore[arg-type]
                    uploaded_file=File(handle, name=path.name),
                    uploaded_by=None,
                )
        except UploadRefused as refusal:
            self.fail(REFUSED, f"refused: {refusal}")
        self.outcome(self.wait(submission, timeout=options["timeout"]))

    def wait(self, submission: Submission, *, timeout: float) -> Submission:
        """With tasks run in-process the check is done already; with a worker, poll the database."""
        deadline = time.monotonic() + (0 if settings.CELERY_TASK_ALWAYS_EAGER else timeout)
        while True:
            submission.refresh_from_db()
            if submission.is_done or time.monotonic() >= deadline:
                return submission
            time.sleep(0.5)

    def outcome(self, submission: Submission) -> None:
        checked = submission.duplicate_of or submission
        prefix = f"{submission.public_id} "
        if checked.status == Submission.Status.VALID:
            self.stdout.write(f"{prefix}valid ({checked.warning_count} warnings)")
        elif checked.status == Submission.Status.INVALID:
            self.stdout.write(f"{prefix}invalid ({checked.error_count} errors, {checked.warning_count} warnings)")
        elif checked.status == Submission.Status.REFUSED:
            reasons = [f["message"] for f in (checked.result or {}).get("findings", []) if f["severity"] == "error"]
            self.stdout.write(f"{prefix}refused")
            self.fail(REFUSED, "refused: " + (" ".join(reasons) or checked.failure))
        elif checked.status == Submission.Status.FAILED:
            self.fail(NOT_CHECKED, f"{prefix}stored, but the check failed: {checked.failure}")
        else:
            self.fail(NOT_CHECKED, f"{prefix}stored, not yet checked (still {checked.status})")
