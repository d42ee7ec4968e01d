package foliocheck.render;

/** A saved trace could not be read; the message is one line saying what is wrong with it. */
public final class TraceFormatException extends Exception {
    private static final long serialVersionUID = 1L;

    TraceFormatException(String message) {
        super(oneLine(message));
    }

    TraceFormatException(String message, Throwable cause) {
        super(oneLine(message), cause);
    }

    // Messages quote values from the file, which may hold line breaks; show them escaped.
    private static String oneLine(String message) {
        StringBuilder s = new StringBuilder(message.length());
        for (int i = 0; i < message.length(); i++) {
            char c = message.charAt(i);
            switch (c) {
                case '\n' -> s.append("\\n");
                case '\r' -> s.append("\\r");
                case '\t' -> s.append("\\t");
                default -> s.append(Character.isISOControl(c) ? String.format("\\u%04x", (int) c) : c);
            }
        }
        return s.toString();
    }
}
