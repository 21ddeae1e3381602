"""The web UI: server-rendered Dutch pages (Jinja2), put into one app with the REST API by
``overleg.app``.

Every page has a JSON twin from the same handler (``/search.json``, ``/documents/{id}.json``):
the handler builds one plain dict, then ``respond`` renders it as HTML or returns it as JSON.
Routes call the service layer only (who is asking: ``web.session``). See docs/web.md.
"""

from overleg.web.accounts_pages import router as accounts_pages
from overleg.web.answer_editor import router as answer_editor
from overleg.web.audit_log import router as audit_log_pages
from overleg.web.clerk_desk import router as clerk_desk
from overleg.web.entity_pages import router as entity_pages
from overleg.web.error_pages import error_page, wants_html
from overleg.web.group_editor import router as group_editor
from overleg.web.ministry_desk import router as ministry_desk
from overleg.web.motion_pages import router as motion_pages
from overleg.web.numbered_list import router as numbered_list
from overleg.web.refusals import refusal_page
from overleg.web.registers_pages import router as registers_pages
from overleg.web.report_changes import router as report_changes_pages
from overleg.web.report_desk import router as report_desk_pages
from overleg.web.routes import router
from overleg.web.similar_pages import router as similar_pages
from overleg.web.site_pages import router as site_pages
from overleg.web.workspace import router as workspace
from overleg.web.workspace_answers import router as workspace_answers
from overleg.web.workspace_clerk import router as workspace_clerk
from overleg.web.workspace_details import router as workspace_details
from overleg.web.workspace_intake import router as workspace_intake
from overleg.web.written_questions_page import router as written_questions_page

router.include_router(site_pages)  # the footer's pages: toegankelijkheid, privacy, contact, over, security.txt
router.include_router(workspace_clerk)  # first: /werkruimte/nieuw before /werkruimte/{id}
router.include_router(workspace_details)  # before /werkruimte/{id}.json and friends
router.include_router(report_desk_pages)  # before workspace_answers' /werkruimte/{id}/{name}
router.include_router(report_changes_pages)
router.include_router(audit_log_pages)
router.include_router(clerk_desk)  # before /werkruimte/{id}: its paths are longer, but say so
router.include_router(numbered_list)
router.include_router(workspace)
router.include_router(workspace_intake)
router.include_router(group_editor)
router.include_router(ministry_desk)  # before the editor's /beantwoording/{number} and the preview's /{name}
router.include_router(answer_editor)
router.include_router(workspace_answers)
router.include_router(entity_pages)
router.include_router(motion_pages)  # /moties, /moties/{id}
router.include_router(written_questions_page)
router.include_router(accounts_pages)  # before /beheer/{register}
router.include_router(registers_pages)
router.include_router(similar_pages)  # /documents/{id}/vragen/{n}/eerder

__all__ = ["error_page", "refusal_page", "router", "wants_html"]
