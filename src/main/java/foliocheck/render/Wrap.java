package foliocheck.render;

import java.util.ArrayList;
import java.util.List;

/** Word wrapping measured in code points, so {@code →} and {@code —} count as one column. */
public final class Wrap {

    private Wrap() {
    }

    /** Display width of {@code s}: one column per code point. */
    static int width(String s) {
        return s.codePointCount(0, s.length());
    }

    /** {@code text} broken at spaces into lines of at most {@code width} columns. */
    public static List<String> words(String text, int width) {
        return items(List.of(text.split(" +")), "", width);
    }

    /**
     * {@code items} joined by {@code separator + " "} and broken into lines of at most
     * {@code width} columns, preferably between items, else between words, else anywhere.
     * The separator stays at the end of a line, so a list wrapped this way still reads as
     * one list.
     */
    public static List<String> items(List<String> items, String separator, int width) {
        if (width < 1) {
            throw new IllegalArgumentException("width " + width);
        }
        List<String> lines = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < items.size(); i++) {
            String piece = items.get(i) + (i < items.size() - 1 ? separator : "");
            if (piece.isEmpty()) {
                continue;
            }
            if (line.length() > 0 && width(line.toString()) + 1 + width(piece) <= width) {
                line.append(' ').append(piece);
                continue;
            }
            if (line.length() > 0) {
                lines.add(line.toString());
                line.setLength(0);
            }
            if (width(piece) <= width) {
                line.append(piece);
            } else {
                // Too long for any line: split it at its own spaces, or hard-break a long word.
                List<String> parts = piece.contains(" ") ? words(piece, width) : chop(piece, width);
                lines.addAll(parts.subList(0, parts.size() - 1));
                line.append(parts.get(parts.size() - 1));
            }
        }
        if (line.length() > 0 || lines.isEmpty()) {
            lines.add(line.toString());
        }
        return lines;
    }

    /** {@code s} cut into pieces of {@code width} code points (the last may be shorter). */
    static List<String> chop(String s, int width) {
        List<String> pieces = new ArrayList<>();
        int start = 0;
        while (start < s.length()) {
            int end = s.offsetByCodePoints(start, Math.min(width, s.codePointCount(start, s.length())));
            pieces.add(s.substring(start, end));
            start = end;
        }
        if (pieces.isEmpty()) {
            pieces.add("");
        }
        return pieces;
    }

    /** {@code n} spaces. */
    static String spaces(int n) {
        return " ".repeat(Math.max(0, n));
    }
}
