package foliocheck.render;

/**
 * An image could not be drawn (no Graphviz engine works on this machine, or the engine
 * failed); the message is one line that says why and what to do instead.
 */
public final class RenderException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    RenderException(String message) {
        super(message);
    }

    RenderException(String message, Throwable cause) {
        super(message, cause);
    }
}
