"""The web UI: server-rendered Dutch pages (Jinja2), put into one app with the REST API by
``overleg.app``.

Every page has a JSON twin from the same handler (``/search.json``, ``/documents/{id}.json``):
the handler builds one plain dict, then ``respond`` renders it as HTML or returns it as JSON.
Routes call the service layer only (who is asking: ``web.session``). See docs/web.md.
"""

from overleg.web.clerk_desk import router as clerk_desk
from overleg.web.entity_pages import router as entity_pages
from overleg.web.numbered_list import router as numbered_list
from overleg.web.refusals import refusal_page
from overleg.web.routes import router
from overleg.web.workspace import router as workspace
from overleg.web.workspace_answers import router as workspace_answers
from overleg.web.workspace_clerk import router as workspace_clerk
from overleg.web.workspace_intake import router as workspace_intake

router.include_router(workspace_clerk)  # first: /werkruimte/nieuw before /werkruimte/{id}
router.include_router(clerk_desk)  # before /werkruimte/{id}: its paths are longer, but say so
router.include_router(numbered_list)
router.include_router(workspace)
router.include_router(workspace_intake)
router.include_router(workspace_answers)
router.include_router(entity_pages)

__all__ = ["refusal_page", "router"]
