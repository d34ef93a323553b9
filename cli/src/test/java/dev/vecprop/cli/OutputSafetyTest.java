package dev.vecprop.cli;

import dev.vecprop.core.Checkpoint;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Outputs never destroy what the user has: an output naming an input, a file in the checkpoint folder, or a
 * checkpoint or log that cannot take this run is refused before anything is trained or written, and every
 * file in the folder is left byte for byte as it was.
 */
class OutputSafetyTest {

    @TempDir
    Path dir;

    Path data;
    Path model;

    @BeforeEach
    void trainAModel() throws IOException {
        data = CliRun.writeEvenOdd(dir.resolve("data.csv"));
        model = dir.resolve("model.vpm");
        CliRun r = CliRun.run("train", "--data", data.toString(), "--epochs", "2", "--save", model.toString());
        assertEquals(0, r.code(), r.both());
    }

    /** Every file under the folder with its bytes. */
    private Map<Path, byte[]> snapshot() throws IOException {
        Map<Path, byte[]> files = new HashMap<>();
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.filter(Files::isRegularFile).toList()) {
                files.put(p, Files.readAllBytes(p));
            }
        }
        return files;
    }

    /** Runs a command that must fail with one line and change no file; returns that line. */
    private String refused(int code, String... args) throws IOException {
        Map<Path, byte[]> before = snapshot();
        CliRun r = CliRun.run(args);
        assertEquals(code, r.code(), r.both());
        assertEquals(1, r.err().lines().count(), "one line: " + r.err());
        assertFalse(r.out().contains("samples/s"), "nothing was trained: " + r.out());
        Map<Path, byte[]> after = snapshot();
        assertEquals(before.keySet(), after.keySet(), "no file was added or removed");
        for (Path p : before.keySet()) {
            assertArrayEquals(before.get(p), after.get(p), p + " changed");
        }
        return r.err().strip();
    }

    /**
     * A name the file system refuses (300 bytes, over the 255 of Linux's file systems) is found before training,
     * for --save, --log, --checkpoint and predict's --out, and nothing is left behind.
     */
    @Test
    void aNameTheFileSystemRefusesIsRefusedBeforeAnyWork() throws IOException {
        String name = "n".repeat(300);
        for (String option : List.of("--save", "--log")) {
            Path out = dir.resolve(name + ".out");
            String line = refused(1, "train", "--data", data.toString(), "--epochs", "1", option, out.toString());
            assertTrue(line.startsWith("vecprop train: " + out + ": cannot be written: "), line);
        }
        Path ck = dir.resolve("a").resolve(name).resolve("ck");
        String line = refused(1, "train", "--data", data.toString(), "--epochs", "1", "--checkpoint", ck.toString());
        assertTrue(line.startsWith("vecprop train: " + ck + ": cannot be created: "), line);
        assertFalse(Files.exists(dir.resolve("a")), "the folders made to try the name are deleted");
        Path out = dir.resolve(name + ".csv");
        line = refused(1, "predict", "--model", model.toString(), "--data", data.toString(), "--out", out.toString());
        assertTrue(line.startsWith("vecprop predict: " + out + ": cannot be written: "), line);
    }

    /**
     * Another command's output named as a checkpoint's own file in a checkpoint folder would be replaced or deleted
     * by its training, or stop it from being resumed: refused, the checkpoint left as it was.
     */
    @Test
    void anOutputCannotTakeTheNameOfAnotherCheckpointsFile() throws IOException {
        Path ck = dir.resolve("ck");
        CliRun first = CliRun.run("train", "--data", data.toString(), "--epochs", "2", "--checkpoint", ck.toString(), "-q");
        assertEquals(0, first.code(), first.both());
        for (String name : List.of("model-2.vpm", "model-9.vpm", Checkpoint.STATE_FILE, FolderLock.NAME)) {
            Path file = ck.resolve(name);
            String line = refused(2, "train", "--data", data.toString(), "--epochs", "1", "--save", file.toString());
            assertEquals("vecprop train: --save " + file + " is a file of the checkpoint folder " + ck + ", which its "
                    + "training replaces or deletes; choose another name or folder (see vecprop train --help)", line);
            line = refused(2, "predict", "--model", model.toString(), "--data", data.toString(), "--out", file.toString());
            assertTrue(line.startsWith("vecprop predict: --out " + file + " is a file of the checkpoint folder"), line);
        }
        CliRun resumed = CliRun.run("train", "--data", data.toString(), "--epochs", "3", "--checkpoint", ck.toString(),
                "--resume", "-q");
        assertEquals(0, resumed.code(), resumed.both());
    }

    /**
     * A checkpoint folder deleted during training is not made again, unheld, by the next checkpoint: the training
     * stops with the reason, and --save keeps the model.
     */
    @Test
    void aCheckpointFolderDeletedDuringTrainingStopsItAndTheModelIsSaved() throws Exception {
        Path ck = dir.resolve("gone");
        Path saved = dir.resolve("kept.vpm");
        CliRun r = trainingMeanwhile(ck, saved, () -> {
            // Emptied and removed: one attempt may meet a file being written; the training notices either way.
            // Were the folder made again (the fault this test guards against), the loop would not end: it has a
            // deadline.
            long removeBy = System.nanoTime() + 60_000_000_000L;
            while (Files.exists(ck)) {
                assertTrue(System.nanoTime() < removeBy, "the folder stays deleted within a minute");
                try (Stream<Path> files = Files.walk(ck)) {
                    for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                        Files.deleteIfExists(p);
                    }
                } catch (IOException | java.io.UncheckedIOException e) {
                    // a file made or deleted meanwhile (the walk then fails unchecked): again
                }
            }
        });
        assertEquals(1, r.code(), r.both());
        assertTrue(r.err().contains("whose checkpoint was not written"), r.err());
        assertTrue(r.err().contains("was saved to " + saved), r.err());
        assertTrue(Files.exists(saved));
        assertFalse(Files.exists(ck.resolve(Checkpoint.STATE_FILE)), "no checkpoint made again in an unheld folder");
    }

    /**
     * A checkpoint folder whose lock file is deleted during training is no longer the training's: it stops at the
     * next checkpoint, saying which epoch the folder's last checkpoint holds, and that checkpoint is left as it was.
     */
    @Test
    void aCheckpointFolderThatLostItsLockFileStopsTrainingAndSaysWhatItHolds() throws Exception {
        Path ck = dir.resolve("unlocked");
        Path saved = dir.resolve("kept-unlocked.vpm");
        CliRun r = trainingMeanwhile(ck, saved, () -> Files.delete(ck.resolve(FolderLock.NAME)));
        assertEquals(1, r.code(), r.both());
        java.util.regex.Matcher said = java.util.regex.Pattern.compile("^vecprop train: " + java.util.regex.Pattern.quote(
                ck + ": " + StopNote.LOST) + "; training stopped after epoch (\\d+), whose checkpoint was not written; "
                + "the last checkpoint written was of epoch (\\d+); the model after epoch \\1 was saved to "
                + java.util.regex.Pattern.quote(saved.toString()) + "$", java.util.regex.Pattern.MULTILINE)
                .matcher(r.err());
        assertTrue(said.find(), r.err());
        int last = Integer.parseInt(said.group(2));
        assertEquals(Integer.parseInt(said.group(1)) - 1, last, r.err());
        assertEquals(last, Checkpoint.load(ck, dev.vecprop.core.KernelProviders.scalar()).epochsDone());
        assertTrue(Files.exists(saved));
    }

    /**
     * A checkpoint folder moved away during training, and another made at its path, gets nothing from the
     * training, which stops at its next checkpoint. (Only a move inside a save could put the rest of that save in
     * the new folder, were it written by path; the move lands there by chance, so CheckpointTest's
     * saveIntoAnOpenFolderWritesIntoThatFolderWhereverItIs is the test that pins it.)
     */
    @Test
    void aCheckpointFolderReplacedDuringTrainingGetsNothing() throws Exception {
        Path ck = dir.resolve("replaced");
        Path moved = dir.resolve("moved-away");
        Path saved = dir.resolve("kept-replaced.vpm");
        CliRun r = trainingMeanwhile(ck, saved, () -> {
            Files.move(ck, moved);
            Files.createDirectory(ck);
            Files.writeString(ck.resolve("notes.txt"), "someone else's");
        });
        assertEquals(1, r.code(), r.both());
        assertTrue(r.err().contains(ck + ": " + StopNote.LOST), r.err());
        try (Stream<Path> files = Files.list(ck)) {
            assertEquals(List.of("notes.txt"), files.map(p -> p.getFileName().toString()).toList());
        }
        assertTrue(Checkpoint.load(moved, dev.vecprop.core.KernelProviders.scalar()).epochsDone() >= 1);
        assertFalse(Files.exists(moved.resolve(FolderLock.NAME)), "the training's lock file deleted where it went");
    }

    /** Something done to a checkpoint folder while a training uses it. */
    private interface FolderAction {
        void run() throws Exception;
    }

    /**
     * Starts a training of a million epochs with the checkpoint folder {@code ck} and --save {@code saved},
     * does {@code meanwhile} once the first checkpoint is in the folder (failing after a minute without one), and
     * gives the run once it has ended (within a minute). Whatever happens, the folder's lock file is then
     * deleted, which stops the training at its next checkpoint instead of leaving it running.
     */
    private CliRun trainingMeanwhile(Path ck, Path saved, FolderAction meanwhile) throws Exception {
        java.util.concurrent.FutureTask<CliRun> run = new java.util.concurrent.FutureTask<>(() -> CliRun.run("train",
                "--data", data.toString(), "--epochs", "1000000", "--checkpoint", ck.toString(), "--save",
                saved.toString(), "-q"));
        new Thread(run).start();
        try {
            long deadline = System.nanoTime() + 60_000_000_000L;
            while (!Files.exists(ck.resolve(Checkpoint.STATE_FILE)) && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            assertTrue(Files.exists(ck.resolve(Checkpoint.STATE_FILE)), "a first checkpoint within a minute");
            meanwhile.run();
        } finally {
            Files.deleteIfExists(ck.resolve(FolderLock.NAME));
        }
        return run.get(60, java.util.concurrent.TimeUnit.SECONDS);
    }

    @Test
    void predictWritesIntoANamedPipeAndRefusesToReadOne() throws Exception {
        Path fifo = dir.resolve("pipe.csv");
        Process mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).start();
        org.junit.jupiter.api.Assumptions.assumeTrue(mkfifo.waitFor() == 0 && Files.exists(fifo), "mkfifo is needed");
        java.util.concurrent.FutureTask<String> reader = new java.util.concurrent.FutureTask<>(() -> Files.readString(fifo));
        Thread.ofPlatform().daemon().start(reader);
        CliRun toFile = CliRun.run("predict", "--model", model.toString(), "--data", data.toString(), "--label", "kind",
                "--out", dir.resolve("file.csv").toString());
        assertEquals(0, toFile.code(), toFile.both());
        CliRun toPipe = CliRun.run("predict", "--model", model.toString(), "--data", data.toString(), "--label", "kind",
                "--out", fifo.toString());
        assertEquals(0, toPipe.code(), toPipe.both());
        assertEquals(Files.readString(dir.resolve("file.csv")), reader.get(20, java.util.concurrent.TimeUnit.SECONDS));
        assertFalse(Files.isRegularFile(fifo), "the pipe is still a pipe");
        // Read twice (the format, then the data), a pipe would lose its first bytes: refused before it is opened.
        // In a time limit: were the refusal to go, opening a pipe with no writer would block for ever.
        assertEquals("vecprop predict: " + fifo + ": not a regular file (a pipe or a device); vecprop reads a data file "
                + "more than once, so save the data to a file and name that", org.junit.jupiter.api.Assertions
                .assertTimeoutPreemptively(java.time.Duration.ofSeconds(30),
                        () -> refused(1, "predict", "--model", model.toString(), "--data", fifo.toString())));
    }

    @Test
    void theModelIsReadFromAPipe() throws Exception {
        // Read once, unlike data: a process substitution, <(ssh host cat model.vpm), works as the file does.
        Path fifo = dir.resolve("model-pipe.vpm");
        Process mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).start();
        org.junit.jupiter.api.Assumptions.assumeTrue(mkfifo.waitFor() == 0 && Files.exists(fifo), "mkfifo is needed");
        CliRun fromFile = CliRun.run("predict", "--model", model.toString(), "--data", data.toString(), "--label", "kind");
        assertEquals(0, fromFile.code(), fromFile.both());
        for (String command : new String[]{"predict", "eval"}) {
            Thread.ofPlatform().daemon().start(() -> {
                try {
                    Files.write(fifo, Files.readAllBytes(model));
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            CliRun fromPipe = org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(java.time.Duration.ofSeconds(30),
                    () -> CliRun.run(command, "--model", fifo.toString(), "--data", data.toString(), "--label", "kind"));
            assertEquals(0, fromPipe.code(), fromPipe.both());
            if (command.equals("predict")) {
                assertEquals(fromFile.out(), fromPipe.out());
            } else {
                assertTrue(fromPipe.out().contains("accuracy: "), fromPipe.out());
            }
        }
    }

    @Test
    void predictNeverWritesOverItsModelOrItsData() throws IOException {
        assertEquals("vecprop predict: --out and --data name the same file, " + data + "; writing it would destroy what "
                        + "the other holds (see vecprop predict --help)",
                refused(2, "predict", "--model", model.toString(), "--data", data.toString(), "--label", "kind",
                        "--out", data.toString()));
        Path sameModel = dir.resolve(".").resolve("model.vpm");
        assertEquals("vecprop predict: --out and --model name the same file, " + sameModel + "; writing it would "
                        + "destroy what the other holds (see vecprop predict --help)",
                refused(2, "predict", "--model", model.toString(), "--data", data.toString(), "--label", "kind",
                        "--out", sameModel.toString()));
    }

    /**
     * A --save or --out that is a link to a file not there yet writes that file and keeps the link, as the
     * shell's > does; one into a folder that is not there is refused before training, not after it.
     */
    @Test
    void aDanglingLinkIsWrittenThroughAndOneIntoNoFolderIsRefusedFirst() throws IOException {
        Path link;
        Path nowhere;
        try {
            link = Files.createSymbolicLink(dir.resolve("next.vpm"), Path.of("v2.vpm"));
            nowhere = Files.createSymbolicLink(dir.resolve("lost.vpm"), Path.of("gone", "v2.vpm"));
        } catch (UnsupportedOperationException | IOException e) {
            org.junit.jupiter.api.Assumptions.abort("no symbolic links here: " + e);
            return;
        }
        CliRun saved = CliRun.run("train", "--data", data.toString(), "--epochs", "1", "-q", "--save", link.toString());
        assertEquals(0, saved.code(), saved.both());
        assertTrue(Files.isSymbolicLink(link));
        assertTrue(Files.isRegularFile(dir.resolve("v2.vpm")));
        assertEquals("vecprop train: " + nowhere + ": cannot be written: the folder " + dir.resolve("gone")
                + " does not exist", refused(1, "train", "--data", data.toString(), "--epochs", "1", "--save",
                nowhere.toString()));
    }

    @Test
    void aCheckpointThatIsAFileIsRefusedBeforeTraining() throws IOException {
        Path log = Files.writeString(dir.resolve("log.csv"), "kept\n");
        assertEquals("vecprop train: " + data + ": is a file; --checkpoint names a folder",
                refused(1, "train", "--data", data.toString(), "--checkpoint", data.toString(), "--log", log.toString(),
                        "--save", model.toString()));
        // A device is not a file, nor a folder.
        assertEquals("vecprop train: /dev/null: is not a folder; --checkpoint names a folder",
                refused(1, "train", "--data", data.toString(), "--checkpoint", "/dev/null"));
        Path under = data.resolve("run");
        assertEquals("vecprop train: " + under + ": cannot be created: " + data + " is not a folder",
                refused(1, "train", "--data", data.toString(), "--checkpoint", under.toString()));
    }

    @Test
    void aNewTrainingRefusesAFolderWithModelFilesItsCheckpointsWouldReplace() throws IOException {
        Path ck = Files.createDirectory(dir.resolve("ck"));
        Files.copy(model, ck.resolve("model-1.vpm"));
        Files.copy(model, ck.resolve("model-7.vpm"));
        Files.writeString(ck.resolve("notes.txt"), "mine");
        assertEquals("vecprop train: --checkpoint " + ck + " holds model-1.vpm, model-7.vpm, which the checkpoints of a "
                        + "new training would replace or delete; choose another folder (or delete them, if a training "
                        + "stopped before its first checkpoint left them) (see vecprop train --help)",
                refused(2, "train", "--data", data.toString(), "--checkpoint", ck.toString()));
    }

    @Test
    void anOutputNamedAsACheckpointFileIsAUsageErrorAndAnyOtherNameIsKept() throws IOException {
        Path ck = Files.createDirectory(dir.resolve("ck"));
        for (String option : new String[]{"--save", "--log"}) {
            for (String name : new String[]{"state.vpc", "model-2.vpm"}) {
                Path inside = ck.resolve(name);
                assertEquals("vecprop train: " + option + " " + inside + " is a file of the --checkpoint folder, which "
                                + "the checkpoints replace or delete; choose another name (see vecprop train --help)",
                        refused(2, "train", "--data", data.toString(), "--checkpoint", ck.toString(), option,
                                inside.toString()));
            }
        }
        Path log = ck.resolve("log.csv");
        Path saved = ck.resolve("final.vpm");
        CliRun r = CliRun.run("train", "--data", data.toString(), "--epochs", "3", "--checkpoint", ck.toString(),
                "--log", log.toString(), "--save", saved.toString());
        assertEquals(0, r.code(), r.both());
        assertEquals(4, Files.readAllLines(log).size(), "the header and three epochs");
        assertEquals(List.of("final.vpm", "log.csv", "model-3.vpm", "state.vpc"), files(ck));
    }

    @Test
    void aCheckpointThatKeptABatchLargerThanTheDataResumes() throws IOException {
        // Earlier versions stored --batch as given; now a batch beyond the 40 rows trains as 40. Such a state
        // file (batch 64) must still resume with the same command line.
        Path ck = dir.resolve("ck");
        CliRun first = CliRun.run("train", "--data", data.toString(), "--epochs", "1", "--batch", "40",
                "--checkpoint", ck.toString());
        assertEquals(0, first.code(), first.both());
        Path state = ck.resolve("state.vpc");
        java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(Files.readAllBytes(state));
        int batchAt = 12 + 2 + (b.getShort(12) & 0xFFFF) + 4; // magic, version, epochs, the model's name, lr
        assertEquals(40, b.getInt(batchAt));
        b.putInt(batchAt, 64);
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        crc.update(b.array(), 0, b.capacity() - 4);
        b.putInt(b.capacity() - 4, (int) crc.getValue());
        Files.write(state, b.array());
        CliRun resumed = CliRun.run("train", "--data", data.toString(), "--epochs", "2", "--batch", "64",
                "--checkpoint", ck.toString(), "--resume");
        assertEquals(0, resumed.code(), resumed.both());
    }

    private static List<String> files(Path folder) throws IOException {
        try (Stream<Path> s = Files.list(folder)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void aResumedRunRefusesALogThatIsNotItsOwnBeforeTraining() throws IOException {
        Path ck = dir.resolve("ck");
        Path log = dir.resolve("log.csv");
        CliRun first = CliRun.run("train", "--data", data.toString(), "--epochs", "2", "--checkpoint", ck.toString(),
                "--log", log.toString());
        assertEquals(0, first.code(), first.both());

        Path binary = Files.write(dir.resolve("binary.csv"), new byte[]{'e', 'p', (byte) 0xff, '\n', '1', '\n'});
        assertEquals("vecprop train: " + binary + ": not the --log of a training: not UTF-8 text",
                refused(1, "train", "--data", data.toString(), "--epochs", "3", "--checkpoint", ck.toString(),
                        "--log", binary.toString(), "--resume"));
        Path other = Files.writeString(dir.resolve("other.csv"), "name,value\nx,1\n");
        String header = Files.readAllLines(log, StandardCharsets.UTF_8).getFirst();
        assertEquals("vecprop train: " + other + ": line 1: not the --log of this training: the header is not " + header,
                refused(1, "train", "--data", data.toString(), "--epochs", "3", "--checkpoint", ck.toString(),
                        "--log", other.toString(), "--resume"));

        // Same header, but another training's rows: resuming would have cut them at epoch 2 or left a gap.
        List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
        String row = lines.get(1).substring(lines.get(1).indexOf(','));
        Path longer = Files.writeString(dir.resolve("longer.csv"), header + "\n1" + row + "\n2" + row + "\n3" + row
                + "\n4" + row + "\n");
        String before = Files.readString(longer);
        assertEquals("vecprop train: " + longer + ": its rows end at epoch 4, but the checkpoint has done 2 epochs: not "
                + "the --log of this training (give another file, or none)", refused(1, "train", "--data",
                data.toString(), "--epochs", "3", "--checkpoint", ck.toString(), "--log", longer.toString(), "--resume"));
        assertEquals(before, Files.readString(longer), "left as it was");
        Path gap = Files.writeString(dir.resolve("gap.csv"), header + "\n1" + row + "\n3" + row + "\n");
        assertEquals("vecprop train: " + gap + ": line 3: epoch 3 follows epoch 1; the file is not the log of this "
                + "training, or was edited", refused(1, "train", "--data", data.toString(), "--epochs", "3",
                "--checkpoint", ck.toString(), "--log", gap.toString(), "--resume"));
        Path notes = Files.writeString(dir.resolve("notes.csv"), header + "\n1" + row + "\nmy notes\n");
        assertTrue(refused(1, "train", "--data", data.toString(), "--epochs", "3", "--checkpoint", ck.toString(),
                "--log", notes.toString(), "--resume").startsWith("vecprop train: " + notes + ": line 3: not a row of "
                + "this --log"));

        // The fields of a row are numbers as the log writes them: a row edited into text is not this training's.
        Path edited = Files.writeString(dir.resolve("edited.csv"), header + "\n1" + row + "\n2" + row.replaceFirst(",",
                ",x") + "\n");
        assertTrue(refused(1, "train", "--data", data.toString(), "--epochs", "3", "--checkpoint", ck.toString(),
                "--log", edited.toString(), "--resume").startsWith("vecprop train: " + edited + ": line 3: not a row of "
                + "this --log"));

        CliRun resumed = CliRun.run("train", "--data", data.toString(), "--epochs", "3", "--checkpoint", ck.toString(),
                "--log", log.toString(), "--resume");
        assertEquals(0, resumed.code(), resumed.both());
        assertEquals(Arrays.asList("epoch", "1", "2", "3"), Files.readAllLines(log).stream()
                .map(l -> l.substring(0, l.indexOf(','))).toList());
        // A log begun at a resume starts after epoch 1; a run stopped between its row and its checkpoint (here at
        // epoch 3) left one row more, which is dropped and written again.
        Path late = Files.writeString(dir.resolve("late.csv"), header + "\n3" + row + "\n4" + row + "\n");
        CliRun fromLate = CliRun.run("train", "--data", data.toString(), "--epochs", "4", "--checkpoint", ck.toString(),
                "--log", late.toString(), "--resume");
        assertEquals(0, fromLate.code(), fromLate.both());
        List<String> rows = Files.readAllLines(late);
        assertEquals(Arrays.asList("epoch", "3", "4"), rows.stream().map(l -> l.substring(0, l.indexOf(','))).toList());
        assertNotEquals("4" + row, rows.get(2), "epoch 4's row is the new one");
    }

    /**
     * A --log that cannot be written (a full disk; /dev/full here) stops the training with the file named,
     * and the model trained so far is saved; the checkpoint keeps the epochs the log has.
     */
    @Test
    void aLogThatCannotBeWrittenStopsTrainingAndTheModelIsSaved() throws IOException {
        Path full = Path.of("/dev/full");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.exists(full), "needs /dev/full, a device every write to fails");
        Path saved = dir.resolve("stopped.vpm");
        CliRun r = CliRun.run("train", "--data", data.toString(), "--epochs", "5", "--log", full.toString(),
                "--save", saved.toString());
        assertEquals(1, r.code(), r.both());
        assertEquals("vecprop train: /dev/full: cannot be written: No space left on device; training stopped after "
                + "epoch 1, whose row is not in the log; the model after epoch 1 was saved to " + saved, r.err().strip());
        assertTrue(Files.size(saved) > 0);
    }

    /** --save and --log may go into the --checkpoint folder before it exists: it is made before they are written. */
    @Test
    void outputsGoIntoACheckpointFolderThatTheRunMakes() throws IOException {
        Path ck = dir.resolve("new-ck");
        CliRun r = CliRun.run("train", "--data", data.toString(), "--epochs", "2", "--checkpoint", ck.toString(),
                "--save", ck.resolve("final.vpm").toString(), "--log", ck.resolve("log.csv").toString());
        assertEquals(0, r.code(), r.both());
        assertTrue(Files.size(ck.resolve("final.vpm")) > 0);
        assertEquals(3, Files.readAllLines(ck.resolve("log.csv")).size());
        // A folder that cannot be made is still refused before training.
        Path file = Files.writeString(dir.resolve("plain"), "x");
        CliRun under = CliRun.run("train", "--data", data.toString(), "--epochs", "1", "--checkpoint",
                file.resolve("ck").toString(), "--save", file.resolve("ck").resolve("m.vpm").toString());
        assertEquals(1, under.code(), under.both());
        assertFalse(under.out().contains("samples/s"), under.out());
    }

    /**
     * A row cut short (a run killed while writing it, or a disk that filled up then) is dropped when the
     * training is resumed; a last line without its line end in a file that is not this training's log is not.
     */
    @Test
    void aResumedRunDropsAnUnfinishedLastRowOfItsLog() throws IOException {
        Path ck = dir.resolve("ck");
        Path log = dir.resolve("log.csv");
        CliRun first = CliRun.run("train", "--data", data.toString(), "--epochs", "2", "--checkpoint", ck.toString(),
                "--log", log.toString());
        assertEquals(0, first.code(), first.both());
        List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
        Files.writeString(log, "3,0.5", StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.APPEND);
        CliRun resumed = CliRun.run("train", "--data", data.toString(), "--epochs", "3", "--checkpoint", ck.toString(),
                "--log", log.toString(), "--resume");
        assertEquals(0, resumed.code(), resumed.both());
        List<String> after = Files.readAllLines(log, StandardCharsets.UTF_8);
        assertEquals(lines, after.subList(0, 3));
        assertEquals(4, after.size(), after.toString());
        assertTrue(after.get(3).startsWith("3,") && after.get(3).split(",").length == lines.get(1).split(",").length,
                after.get(3));

        // A whole last row that lacks only its line end (an edit by hand) is a row: kept, and ended.
        String text = Files.readString(log, StandardCharsets.UTF_8);
        Files.writeString(log, text.substring(0, text.length() - 1), StandardCharsets.UTF_8);
        CliRun edited = CliRun.run("train", "--data", data.toString(), "--epochs", "4", "--checkpoint", ck.toString(),
                "--log", log.toString(), "--resume");
        assertEquals(0, edited.code(), edited.both());
        List<String> ended = Files.readAllLines(log, StandardCharsets.UTF_8);
        assertEquals(after, ended.subList(0, 4));
        assertEquals(5, ended.size(), ended.toString());

        Path other = Files.writeString(dir.resolve("other.txt"), "my notes, not ended");
        assertEquals("vecprop train: " + other + ": line 1: not the --log of this training: the header is not "
                + lines.getFirst(), refused(1, "train", "--data", data.toString(), "--epochs", "5", "--checkpoint",
                ck.toString(), "--log", other.toString(), "--resume"));
        assertEquals("my notes, not ended", Files.readString(other));

        // This training's log, resumed without the test data it began with (or with test data it did not have):
        // the refusal says so, rather than that the file is another's.
        Path withTest = dir.resolve("with-test.log");
        Path ckTest = dir.resolve("ck-test");
        assertEquals(0, CliRun.run("train", "--data", data.toString(), "--test", data.toString(), "--epochs", "1",
                "--checkpoint", ckTest.toString(), "--log", withTest.toString()).code());
        assertEquals("vecprop train: " + withTest + ": line 1: the log has test columns, and this run has no test data: "
                + "give the test data of the run that began the log (--test or --test-split), or another --log",
                refused(1, "train", "--data", data.toString(), "--epochs", "2", "--checkpoint", ckTest.toString(),
                        "--log", withTest.toString(), "--resume"));
        assertEquals("vecprop train: " + log + ": line 1: the log has no test columns, and this run has test data: "
                + "resume without --test and --test-split as the run that began the log, or give another --log",
                refused(1, "train", "--data", data.toString(), "--test", data.toString(), "--epochs", "5",
                        "--checkpoint", ck.toString(), "--log", log.toString(), "--resume"));
    }

    @Test
    void predictionsThatCannotBeWrittenToStandardOutputAreAFailure() throws Exception {
        String modulePath = System.getProperty("jdk.module.path");
        org.junit.jupiter.api.Assumptions.assumeTrue(modulePath != null, "runs the command line from the module path");
        java.io.File full = new java.io.File("/dev/full");
        org.junit.jupiter.api.Assumptions.assumeTrue(full.exists(), "needs /dev/full, a device every write to fails");
        Path err = dir.resolve("err.txt");
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-p", modulePath, "-m", "dev.vecprop.cli/dev.vecprop.cli.Main",
                "predict", "--model", model.toString(), "--data", data.toString(), "--label", "kind")
                .redirectOutput(full).redirectError(err.toFile());
        pb.environment().put("LC_ALL", "C"); // the system's wording of the error, in English
        Process child = pb.start();
        assertEquals(1, child.waitFor(), Files.readString(err));
        assertEquals(List.of("vecprop: cannot write to standard output: No space left on device"),
                Files.readAllLines(err).stream().filter(l -> l.startsWith("vecprop")).toList());
    }

    /**
     * Predicts {@code firstLines} and then far more rows than a pipe holds (64 KiB on Linux) in a JVM of its own,
     * reads 100 bytes of its standard output and closes it, so that the writer meets the closed pipe; expects
     * exit code 141 and returns the lines of its stderr that the command wrote.
     */
    private List<String> predictIntoAClosedPipe(String firstLines, int rows, String... extra) throws Exception {
        String modulePath = System.getProperty("jdk.module.path");
        org.junit.jupiter.api.Assumptions.assumeTrue(modulePath != null, "runs the command line from the module path");
        StringBuilder sb = new StringBuilder("a,b\n").append(firstLines);
        for (int i = 0; i < rows; i++) {
            sb.append(i % 7).append(',').append(i % 5).append('\n');
        }
        Path many = Files.writeString(dir.resolve("many.csv"), sb);
        Path err = dir.resolve("err.txt");
        List<String> command = new java.util.ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-p", modulePath, "-m", "dev.vecprop.cli/dev.vecprop.cli.Main",
                "predict", "--model", model.toString(), "--data", many.toString()));
        command.addAll(List.of(extra));
        Process child = new ProcessBuilder(command).redirectError(err.toFile()).start();
        byte[] head = child.getInputStream().readNBytes(100);
        child.getInputStream().close();
        assertEquals(100, head.length);
        assertEquals(141, child.waitFor(), Files.readString(err));
        return Files.readAllLines(err).stream().filter(l -> l.startsWith("vecprop")).toList();
    }

    @Test
    void aReaderThatStopsReadingStillGetsTheSkipBadReport() throws Exception {
        // 200,000 rows: predict stops after its first chunk, before the end where the report used to be made.
        assertEquals(List.of("vecprop predict: " + dir.resolve("many.csv") + ": skipped 1 line with a value that is not "
                        + "a finite number (--skip-bad); the first: line 4: column 'a': 'NaN' is not a finite number"),
                predictIntoAClosedPipe("1,2\n3,4\nNaN,1\n", 200_000, "--skip-bad"));
    }

    @Test
    void aReaderThatStopsReadingEndsTheCommandQuietlyAsTheShellsToolsDo() throws Exception {
        assertEquals(List.of(), predictIntoAClosedPipe("", 20_000));
    }

    @Test
    void aStateFileThatIsNotAFileIsSaidSo() throws IOException {
        Path ck = Files.createDirectories(dir.resolve("ck").resolve("state.vpc"));
        assertEquals("vecprop train: " + ck + ": is a folder, not a checkpoint file; the checkpoint cannot be resumed: "
                + "train anew in another --checkpoint folder, or move " + ck.getParent() + " away first",
                refused(1, "train", "--data", data.toString(), "--checkpoint", ck.getParent().toString(), "--resume"));
    }

    /**
     * A second training given a checkpoint folder that a training is using stops before reading anything, and
     * leaves the folder as it was; a lock file left by a training that was killed does not stand in the way, and
     * the folder holds only the checkpoint after a training.
     */
    @Test
    void aCheckpointFolderInUseIsRefused() throws IOException {
        Path ck = dir.resolve("ck");
        CliRun first = CliRun.run("train", "--data", data.toString(), "--epochs", "2", "--checkpoint", ck.toString());
        assertEquals(0, first.code(), first.both());
        assertEquals(List.of("model-2.vpm", "state.vpc"), files(ck));
        Path lockFile = ck.resolve(FolderLock.NAME);
        try (java.nio.channels.FileChannel channel = java.nio.channels.FileChannel.open(lockFile,
                java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.WRITE);
             java.nio.channels.FileLock held = channel.lock()) {
            assertTrue(held.isValid());
            assertEquals("vecprop train: " + ck + ": another vecprop train is using this checkpoint folder; wait for it "
                    + "to end, or choose another folder", refused(1, "train", "--data", data.toString(), "--epochs", "3",
                    "--checkpoint", ck.toString(), "--resume"));
            assertEquals("vecprop train: " + ck + ": another vecprop train is using this checkpoint folder; wait for it "
                    + "to end, or choose another folder", refused(1, "train", "--data", data.toString(), "--epochs", "3",
                    "--checkpoint", ck.toString()));
        }
        assertTrue(Files.exists(lockFile), "as a killed training leaves it");
        // So are the temporary files of a checkpoint being written when the training was killed; a file of the
        // user's is kept, whatever its name.
        Files.writeString(ck.resolve(".model-3.vpm.3ijlmzwg7cqej.tmp"), "half a model");
        Files.writeString(ck.resolve(".state.vpc.k2j4.tmp"), "half a state");
        Files.writeString(ck.resolve(".notes.k2j4.tmp"), "mine");
        CliRun resumed = CliRun.run("train", "--data", data.toString(), "--epochs", "3", "--checkpoint", ck.toString(),
                "--resume");
        assertEquals(0, resumed.code(), resumed.both());
        assertEquals(List.of(".notes.k2j4.tmp", "model-3.vpm", "state.vpc"), files(ck));
        // The lock file is not a name for an output, and a file of that name that a training did not make (it
        // has content) is neither taken over nor deleted.
        assertEquals("vecprop train: --save " + lockFile + " is a file of the --checkpoint folder, which the checkpoints "
                + "replace or delete; choose another name (see vecprop train --help)", refused(2, "train", "--data",
                data.toString(), "--epochs", "4", "--checkpoint", ck.toString(), "--resume", "--save", lockFile.toString()));
        Files.writeString(lockFile, "my notes");
        assertEquals("vecprop train: " + lockFile + ": is not the empty lock file of a vecprop train; move it out of "
                + "the checkpoint folder", refused(1, "train", "--data", data.toString(), "--epochs", "4", "--checkpoint",
                ck.toString(), "--resume"));
        assertEquals("my notes", Files.readString(lockFile));
    }
}
