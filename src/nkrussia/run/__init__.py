"""The run machinery: everything `nkrussia run` needs that is not research code.

The research stages (``nkrussia.extract``, ``nkrussia.analyze``, ``nkrussia.report``) know
nothing of this package; it runs their notebooks and publishes what they wrote. (Two old
doors stay open for now: ``nkrussia.render`` re-exports the Chromium names and wraps
``html.export_html`` with the report's template, stylesheet and Vega bundle;
``nkrussia.pipeline`` re-exports the driver, ``manifest_by_hand`` included.)

=================  ========================================================================
module             what it does
=================  ========================================================================
``stages``         the stages, their outputs, and the run driver (``run``, ``status``)
``cache``          cache keys (the import closure of each stage's code), store/restore/prune
``inputs``         the files a run reads, checked and hashed without opening anything that
                   is not a regular file; git state; the build date
``kernels``        Jupyter kernels started ahead of their notebook; papermill execution
``publish``        the atomic publish: check, swap, roll back, recover after a kill
``lock``           one run per project; private temporary folders, cleaned up after a kill
``manifest``       ``data/manifest.json``: inputs, parameters, versions, build date, warnings
``chromium``       a DevTools-pipe client for headless Chromium; the PDF, made reproducible
``html``           the executed report notebook exported to one offline HTML page
=================  ========================================================================

Imports go one way: ``stages`` uses the others; none of them imports ``stages``, the command
line or the report layer (``html`` is handed the report's look by its caller).
"""
