package foliocheck.cli;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

/** Files the commands write: whole or not at all, and errors a user can act on. */
final class OutputFile {
    private OutputFile() { }

    /**
     * Writes {@code bytes} to {@code target} through a temporary file beside it, moved into
     * place at once: a reader never sees half a file, and a failure leaves neither a partial
     * target nor the temporary file. A directory is never replaced.
     */
    static void write(Path target, byte[] bytes) throws IOException {
        writeAll(List.of(target), List.of(bytes));
    }

    /**
     * Writes {@code contents.get(i)} to {@code targets.get(i)}, each as {@link #write} does,
     * all or none: every content goes to a temporary file first, and the files are moved
     * into place only once all are written. A failure before then (rendering, a full disk,
     * a directory in the way) leaves the targets as they were and no temporary file; a move
     * that fails after others succeeded (a target made immutable, say) leaves those moved
     * new and the rest as they were, each whole.
     */
    static void writeAll(List<Path> targets, List<byte[]> contents) throws IOException {
        for (Path t : targets) {
            if (t.toAbsolutePath().normalize().getFileName() == null || Files.isDirectory(t)) {
                throw new IOException("cannot write " + t + ": it is a directory");
            }
        }
        List<Path> temps = new ArrayList<>();
        int moved = 0;
        Path target = null;
        Path parent = null;
        try {
            for (int i = 0; i < targets.size(); i++) {
                target = targets.get(i);
                Path full = target.toAbsolutePath().normalize();
                parent = full.getParent();
                Path tmp = tempBeside(parent, full.getFileName().toString());
                temps.add(tmp);
                Files.write(tmp, contents.get(i));
            }
            for (; moved < targets.size(); moved++) {
                target = targets.get(moved);
                parent = target.toAbsolutePath().normalize().getParent();
                try {
                    Files.move(temps.get(moved), target, StandardCopyOption.REPLACE_EXISTING,
                            StandardCopyOption.ATOMIC_MOVE);
                } catch (java.nio.file.AtomicMoveNotSupportedException e) {
                    Files.move(temps.get(moved), target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        } catch (IOException e) {
            IOException failure = new IOException("cannot write " + target + ": " + reason(e, parent), e);
            for (int i = moved; i < temps.size(); i++) {
                try {
                    Files.deleteIfExists(temps.get(i));
                } catch (IOException cleanup) {
                    failure.addSuppressed(cleanup);
                }
            }
            throw failure;
        }
    }

    /**
     * A new empty file in {@code dir} for {@code name}'s content, named apart: two writers of
     * one target never share one. Created with the default permissions (the umask's), as the
     * target would be: {@code Files.createTempFile} makes files only their owner can read.
     */
    private static Path tempBeside(Path dir, String name) throws IOException {
        while (true) {
            Path tmp = dir.resolve("." + name + "." + Long.toUnsignedString(
                    java.util.concurrent.ThreadLocalRandom.current().nextLong(), 36) + ".tmp");
            try {
                return Files.createFile(tmp);
            } catch (java.nio.file.FileAlreadyExistsException e) {
                // taken: draw another name
            }
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
