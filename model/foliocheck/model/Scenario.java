package foliocheck.model;

import java.util.List;

/**
 * Which threads run, over which folios, and which witnesses must be reached.
 *
 * @param name      stable name used on the command line
 * @param doc       one line saying what the scenario exercises
 * @param programs  one program per thread, in thread order
 * @param folios    the order of each folio (folio i is block i of file A at offset i)
 * @param witnesses names of the {@code sometimes} witnesses (see foliocheck.properties.Witnesses)
 */
public record Scenario(String name, String doc, List<Program> programs, List<Level> folios,
                       List<String> witnesses) {
}
