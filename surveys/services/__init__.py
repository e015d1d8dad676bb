"""Writes for surveys, one module per subject (like smelters.services):

- `submissions`: keep an upload, queue and run its check exactly once (with a campaign's own checks
  for an answer to a request), recover lost checks;
- `campaigns`: draft, open (one request per chosen supplier) and close a campaign;
- `requests`: the status changes of a campaign's request to one supplier;
- `emails`: e-mails about a request, sent in the contact's language and kept on record;
- `outreach`: the reminder ladder, delivery outcomes (bounces) and the communications log.

The names other apps, views, commands and tasks use are importable from `surveys.services` itself.
"""

from surveys.services.campaigns import (
    CampaignRefused,
    campaign_close,
    campaign_create,
    campaign_open,
    campaign_suppliers,
    campaign_template_store,
    campaign_update,
)
from surveys.services.emails import request_email_send
from surveys.services.outreach import (
    email_delivery_outcome,
    outreach_email_send,
    outreach_pass,
    request_note_add,
    request_pause,
)
from surveys.services.requests import (
    request_accepted_confirm,
    request_decline,
    request_invitation_send,
    request_link_resend,
    request_opened,
    request_status_refresh,
)
from surveys.services.submissions import (
    request_submission_create,
    submission_create,
    submission_enqueue,
    submission_file_under,
    submission_validate,
    submissions_recover,
)

__all__ = [
    "CampaignRefused",
    "campaign_close",
    "campaign_create",
    "campaign_open",
    "campaign_suppliers",
    "campaign_template_store",
    "campaign_update",
    "email_delivery_outcome",
    "outreach_email_send",
    "outreach_pass",
    "request_note_add",
    "request_pause",
    "request_accepted_confirm",
    "request_decline",
    "request_email_send",
    "request_invitation_send",
    "request_link_resend",
    "request_opened",
    "request_status_refresh",
    "request_submission_create",
    "submission_create",
    "submission_enqueue",
    "submission_file_under",
    "submission_validate",
    "submissions_recover",
]
