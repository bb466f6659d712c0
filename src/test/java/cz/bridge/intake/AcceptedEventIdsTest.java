package cz.bridge.intake;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Accepted ids are kept for the retention, across a restart, and forgotten after it while the bridge runs. */
class AcceptedEventIdsTest {

    @TempDir
    Path dir;

    /** A clock the test moves forward. */
    private static final class MovableClock extends Clock {
        Instant now = Instant.parse("2026-11-24T08:00:00Z");

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    @Test
    void idsSurviveARestartWithinTheRetention() throws Exception {
        MovableClock clock = new MovableClock();
        Path file = dir.resolve("accepted-ids.log");
        AcceptedEventIds ids = new AcceptedEventIds(file, Duration.ofHours(48), clock);
        ids.start();
        assertThat(ids.add("e-1")).isTrue();
        ids.confirm("e-1");
        assertThat(ids.add("e-2")).isTrue(); // reserved, never stored: not remembered
        ids.stop();

        clock.now = clock.now.plus(Duration.ofHours(47));
        AcceptedEventIds again = new AcceptedEventIds(file, Duration.ofHours(48), clock);
        again.start();
        assertThat(again.add("e-1")).as("a resend after the restart is a duplicate").isFalse();
        assertThat(again.add("e-2")).isTrue();
        again.stop();

        clock.now = clock.now.plus(Duration.ofHours(2));
        AcceptedEventIds later = new AcceptedEventIds(file, Duration.ofHours(48), clock);
        later.start();
        assertThat(later.contains("e-1")).as("past the retention").isFalse();
        later.stop();
    }

    @Test
    void expiredIdsAreForgottenWhileRunningAndTheLogShrinks() throws Exception {
        MovableClock clock = new MovableClock();
        Path file = dir.resolve("accepted-ids.log");
        AcceptedEventIds ids = startedWithExpiredIds(file, clock);
        for (int i = 0; i < 3000; i++) {
            ids.add("new-" + i);
            ids.confirm("new-" + i);
        }
        assertThat(ids.contains("old-0")).isFalse();
        assertThat(ids.contains("new-0")).isTrue();
        assertThat(ids.size()).isLessThanOrEqualTo(3000);
        assertThat(Files.readAllLines(file)).noneMatch(line -> line.endsWith(" old-0"));
        ids.stop();
    }

    @Test
    void aRewriteThatCannotWriteLeavesTheLogWorking() throws Exception {
        MovableClock clock = new MovableClock();
        Path file = dir.resolve("accepted-ids.log");
        AcceptedEventIds ids = startedWithExpiredIds(file, clock);
        // the rewrite's temporary file cannot be created (as on a full disk): a directory stands there
        Files.createDirectory(dir.resolve("accepted-ids.log.tmp"));
        int failed = 0;
        for (int i = 0; i < 1500; i++) {
            ids.add("new-" + i);
            try {
                ids.confirm("new-" + i);
            } catch (java.io.UncheckedIOException e) {
                failed++;
            }
        }
        assertThat(failed).as("the 1,000th id triggers the rewrite, which fails").isEqualTo(1);
        ids.stop();

        AcceptedEventIds again = new AcceptedEventIds(file, Duration.ofHours(1), clock);
        again.start();
        assertThat(again.contains("new-0")).isTrue();
        assertThat(again.contains("new-1499")).as("ids confirmed after the failed rewrite are in the log").isTrue();
        again.stop();
    }

    /** A running log, retention 1 h, holding 3,000 confirmed ids that the clock has since put 2 h in the past. */
    private static AcceptedEventIds startedWithExpiredIds(Path file, MovableClock clock) throws Exception {
        AcceptedEventIds ids = new AcceptedEventIds(file, Duration.ofHours(1), clock);
        ids.start();
        for (int i = 0; i < 3000; i++) {
            ids.add("old-" + i);
            ids.confirm("old-" + i);
        }
        clock.now = clock.now.plus(Duration.ofHours(2));
        return ids;
    }
}
