package foliocheck.cli;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** Files the commands write: whole or not at all, and errors a user can act on. */
final class OutputFile {
    private OutputFile() { }

    /**
     * Writes {@code bytes} to {@code target} through a temporary file beside it, moved into
     * place at once: a reader never sees half a file, and a failure leaves neither a partial
     * target nor the temporary file. A directory is never replaced.
     */
    static void write(Path target, byte[] bytes) throws IOException {
        Path name = target.toAbsolutePath().normalize().getFileName();
        if (name == null || Files.isDirectory(target)) {
            throw new IOException("cannot write " + target + ": it is a directory");
        }
        Path parent = target.toAbsolutePath().normalize().getParent();
        Path tmp = null;
        try {
            // A name of its own: two writers of one target never share a temporary file.
            tmp = Files.createTempFile(parent, "." + name + ".", ".tmp");
            Files.write(tmp, bytes);
            try {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (java.nio.file.AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            if (tmp != null) {
                Files.deleteIfExists(tmp);
            }
            throw new IOException("cannot write " + target + ": " + reason(e, parent), e);
        }
    }

    /** Why an I/O operation failed, in words: NIO's exceptions often say only the path. */
    static String reason(IOException e, Path dir) {
        if (e instanceof NoSuchFileException) {
            return dir != null && !Files.isDirectory(dir) ? "no such directory " + dir : "no such file";
        }
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof FileSystemException f && f.getReason() != null) {
            return f.getReason();
        }
        return String.valueOf(e.getMessage());
    }
}
