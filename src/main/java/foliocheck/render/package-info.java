/**
 * Counterexample and witness renderers: plain text for mail ({@link foliocheck.render.TextTrace}),
 * Graphviz DOT, SVG and PNG ({@link foliocheck.render.DotTrace}) and JSON for replay
 * ({@link foliocheck.render.JsonTrace}). They read a {@link foliocheck.render.TraceReport}
 * of plain strings and know nothing of the engine or the model.
 */
package foliocheck.render;
