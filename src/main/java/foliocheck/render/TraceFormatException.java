package foliocheck.render;

/** A saved trace could not be read; the message is one line saying what is wrong with it. */
public final class TraceFormatException extends Exception {
    private static final long serialVersionUID = 1L;

    TraceFormatException(String message) {
        super(message);
    }

    TraceFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
