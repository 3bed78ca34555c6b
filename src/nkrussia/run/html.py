"""The executed report notebook → one self-contained, offline HTML page, code hidden.

* Cells tagged ``nk-notebook-only`` (notes about the notebook itself) are removed by
  nbconvert's ``TagRemovePreprocessor``, not hidden with CSS; so are the ``parameters`` cell
  and the cell papermill injects (``injected-parameters``): they print nothing, and the
  injected one gets a random cell id on every run, which made two runs' pages differ.
* nbconvert's ``HTMLExporter.from_notebook_node`` re-parses the finished page with
  BeautifulSoup's ``html.parser`` only to add ``alt`` to images that lack one and
  ``tabindex`` to code inputs and outputs; that parser rescans its open void tags on every
  closing tag (250 of 359 s at 300 articles). The report has no code inputs, its charts are
  SVG with their own labels, and it makes no ``<img>``; so the page is rendered by the
  template alone (:class:`ReportExporter`), in time linear in its size.
"""

from __future__ import annotations

from pathlib import Path

REMOVED_CELL_TAGS = ("nk-notebook-only", "parameters", "injected-parameters")


def exporter_class() -> type:
    from nbconvert import HTMLExporter
    from nbconvert.exporters.templateexporter import TemplateExporter
    from nbconvert.filters.highlight import Highlight2HTML
    from nbconvert.filters.widgetsdatatypefilter import WidgetsDataTypeFilter

    class ReportExporter(HTMLExporter):
        """HTMLExporter without the BeautifulSoup pass over the finished page."""

        def from_notebook_node(self, nb, resources=None, **kw):
            # what HTMLExporter.from_notebook_node does before its BeautifulSoup pass
            langinfo = nb.metadata.get("language_info", {})
            lexer = langinfo.get("pygments_lexer", langinfo.get("name", None))
            highlight_code = self.filters.get(
                "highlight_code", Highlight2HTML(pygments_lexer=lexer, parent=self))
            resources = self._init_resources(resources)
            filter_data_type = WidgetsDataTypeFilter(
                notebook_metadata=self._nb_metadata, parent=self, resources=resources)
            self.register_filter("highlight_code", highlight_code)
            self.register_filter("filter_data_type", filter_data_type)
            return TemplateExporter.from_notebook_node(self, nb, resources, **kw)

    return ReportExporter


def export_body(executed_notebook: Path, *, templates: Path, template_name: str,
                resources: dict) -> str:
    """Executed notebook → the page's HTML (code hidden, notebook-only cells removed), in the
    look the report layer hands over (its nbconvert template folder and name, and the
    ``resources`` that template reads); this module imports nothing of the report."""
    import nbformat
    from traitlets.config import Config

    nb = nbformat.read(executed_notebook, as_version=4)
    config = Config()
    config.TagRemovePreprocessor.enabled = True
    config.TagRemovePreprocessor.remove_cell_tags = set(REMOVED_CELL_TAGS)
    exporter = exporter_class()(
        config=config,
        template_name=template_name,
        extra_template_basedirs=[str(templates)],
        exclude_input=True,
        exclude_input_prompt=True,
        exclude_output_prompt=True,
        # Validate the notebook once, after all preprocessors, not after each of them: each
        # validation rebuilds a JSON-schema validator (12 of them cost ~0.35 s per export).
        optimistic_validation=True,
    )
    body, _ = exporter.from_notebook_node(nb, resources=resources)
    return body
