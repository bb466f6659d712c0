package cz.bridge.reconcile;

import static cz.bridge.daktela.DaktelaClient.text;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import com.fasterxml.jackson.databind.JsonNode;
import cz.bridge.config.SharedNames;
import cz.bridge.validate.DaktelaCheckFailed;
import cz.bridge.daktela.DaktelaClient;
import cz.bridge.intake.AgentEvent;
import cz.bridge.intake.DaktelaTime;
import cz.bridge.logging.OneLine;
import cz.bridge.intake.EventKind;
import cz.bridge.monitoring.DeliveryRecorder;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Java side of routes/reconciliation.camel.yaml: reads Daktela's live sessions, says what each
 * means, compares them with the last accepted states ({@link LastStates}) and returns the repairs to
 * store, each with an id derived as a callback's is. The rules and their reasons: docs/reconciliation.md,
 * "Rules" and "One id per repair"; a read that failed or was partial never gets this far.
 */
public class Reconciler {

    private static final Logger LOG = LoggerFactory.getLogger(Reconciler.class);
    /** Failed reads in a row after which readiness names Daktela's API as a problem. */
    public static final int FAILURES_BEFORE_DEGRADED = 3;

    private final DaktelaClient daktela;
    private final LastStates lastStates;
    private final DeliveryRecorder recorder;
    private final Clock clock;
    private final ZoneId zone;
    private final Duration grace;
    private final Duration secondReadAfter;
    private final Duration interval;
    /** When this instance's pass began to read, and how long its last pass took (read, compare and store). */
    private volatile Instant passBegan;
    private volatile Duration lastPassTook = Duration.ZERO;
    private final Map<String, String> meanings;
    /** Daktela states that bridge.daktela.session-states does not name, said once each (a bounded set: values from outside). */
    private final Set<String> unnamedStatesSaid = ConcurrentHashMap.newKeySet();

    private final Counter passesOk;
    private final Counter passesFailed;
    private final Counter repairedStates;
    private final Counter repairedLogouts;
    private final AtomicInteger agentsRead = new AtomicInteger();
    /** The agents the pass under way read, and the repairs it stored so far (one pass at a time). */
    private volatile int agentsOfThisRead;
    private volatile int storedThisPass;
    private volatile OffsetDateTime lastPassEnded;
    private final AtomicReference<OffsetDateTime> lastGoodPass = new AtomicReference<>();
    private final OffsetDateTime created;
    private final AtomicInteger failuresInARow = new AtomicInteger();
    private final AtomicReference<Failure> lastFailure = new AtomicReference<>();
    /**
     * What the pass is doing, so that a failure names what failed (the route's timer runs one pass at a
     * time). STORING runs from the check that lets a repair through to its store's end, and only then.
     */
    private volatile Step step = Step.READING_DAKTELA;

    /** The steps of a pass, as a failure names them. */
    public enum Step {
        /** Reading Daktela's live sessions. */
        READING_DAKTELA,
        /** Comparing them with bridge.last-state: its browse, an agent's lookup, the missing marks. */
        COMPARING,
        STORING
    }

    public Reconciler(DaktelaClient daktela, LastStates lastStates, DeliveryRecorder recorder, Clock clock, ZoneId zone,
                      Duration grace, Duration interval, Map<String, String> meanings, MeterRegistry registry) {
        this.daktela = daktela;
        this.lastStates = lastStates;
        this.recorder = recorder;
        this.clock = clock;
        this.zone = zone;
        this.grace = grace;
        // a second read must begin at least half an interval (instances read at times of their own) and the grace period
        // after the mark (docs/reconciliation.md, "Rules")
        this.secondReadAfter = interval.dividedBy(2).compareTo(grace) > 0 ? interval.dividedBy(2) : grace;
        this.interval = interval;
        this.meanings = Map.copyOf(meanings);
        this.created = OffsetDateTime.now(clock);
        meanings.forEach((state, kind) -> {
            if (EventKind.fromDaktela(kind).isEmpty() || EventKind.fromDaktela(kind).get() == EventKind.LOGOUT) {
                throw new IllegalArgumentException("bridge.daktela.session-states." + state + " is " + kind
                        + ": give LOGIN, READY or UNREADY (an agent who is not listed is logged out)");
            }
        });
        passesOk = Counter.builder("bridge.reconcile.passes").tag("result", "ok")
                .description("Reconciliation passes over Daktela's live sessions").register(registry);
        passesFailed = Counter.builder("bridge.reconcile.passes").tag("result", "failed")
                .description("Reconciliation passes over Daktela's live sessions").register(registry);
        repairedStates = Counter.builder("bridge.reconcile.repairs").tag("kind", "missed_state")
                .description("Repair events stored by reconciliation").register(registry);
        repairedLogouts = Counter.builder("bridge.reconcile.repairs").tag("kind", "synthesized_logout")
                .description("Repair events stored by reconciliation").register(registry);
        Gauge.builder("bridge.reconcile.agents", agentsRead, AtomicInteger::get)
                .description("Agents logged in at Daktela in the last good pass").register(registry);
        Gauge.builder("bridge.reconcile.last.success.age", this, r -> r.lastGoodPassAge().toMillis() / 1000.0)
                .baseUnit("seconds").description("Age of the last good reconciliation pass (-1: none yet)").register(registry);
    }

    /**
     * A whole read of Daktela's live sessions, and when it began.
     *
     * @param unnamed records whose agent could not be read (an id_agent without a name): whoever they are is listed,
     *                so no agent missing from this read is marked or logged out
     */
    public record Read(OffsetDateTime started, List<LiveState> states, int unnamed) {
    }

    /**
     * What one record of Daktela's realtimeSessions.json means (by bridge.daktela.session-states):
     * the agent's current state, its pause (for UNREADY) and Daktela's time for it, and when the agent logged in (null
     * when Daktela does not say).
     */
    public record LiveState(String user, EventKind kind, String pause, OffsetDateTime time, OffsetDateTime loggedIn) {
    }

    /** Body out: every logged-in agent's live state; any page missing or unreadable throws (nothing is repaired). */
    public Read read() {
        step = Step.READING_DAKTELA;
        passBegan = clock.instant();
        storedThisPass = 0;
        if (daktela == null) {
            throw new IllegalStateException("reconciliation needs DAKTELA_URL and DAKTELA_ACCESS_TOKEN");
        }
        // the read is timed at the start of the attempt whose list it takes: a list that changed while it was read is read
        // again, and an agent who logged out during the first attempt was marked (and later logged out) at a time it
        // was still listed, or cleared another instance's newer mark
        AtomicReference<OffsetDateTime> readBegan = new AtomicReference<>();
        List<JsonNode> records = daktela.fetchAll(DaktelaClient.REALTIME_SESSIONS, () -> readBegan.set(
                OffsetDateTime.now(clock).atZoneSameInstant(zone).toOffsetDateTime().truncatedTo(ChronoUnit.SECONDS)));
        OffsetDateTime started = readBegan.get();
        List<LiveState> states = new ArrayList<>(records.size());
        Set<String> seen = new HashSet<>();
        int unnamed = 0;
        for (JsonNode record : records) {
            // keyed as a callback's (AgentEvent.username): the same agent whichever way its name came
            String user = AgentEvent.username(name(record.get("id_agent")));
            if (user == null) {
                // a logged-in agent the bridge cannot name: absent from the list as read, it would be logged out
                unnamed++;
                continue;
            }
            if (!AgentEvent.acceptable(user, AgentEvent.MAX_USER_LENGTH) || AgentEvent.invisibleCharacter(user) != -1) {
                // a login no callback could carry has no accepted state to repair or log out
                continue;
            }
            if (!seen.add(user)) {
                // the list moved between two pages: an agent read twice may mean another was skipped
                throw new DaktelaCheckFailed("Daktela listed agent " + user + " twice in one read: the list changed "
                        + "while it was read page by page; nothing is repaired from this read");
            }
            String state = text(record.get("state"));
            String meaning = state == null ? null : meanings.get(state);
            if (meaning == null && state != null && unnamedStatesSaid.size() < 100 && unnamedStatesSaid.add(OneLine.of(state, 64))) {
                // once per state: a state Daktela added (or an operator's mapping that misses one) would otherwise leave
                // its agents unrepaired, the passes counted good, without a word
                LOG.warn("Daktela lists agent {} in state {}, which bridge.daktela.session-states does not name: agents in it "
                        + "are left alone, never repaired; say what it means (LOGIN, READY or UNREADY) in "
                        + "bridge.daktela.session-states (docs/reconciliation.md)", OneLine.field(user), OneLine.of(state, 64));
            }
            EventKind kind = meaning == null ? null : EventKind.fromDaktela(meaning).orElseThrow();
            String pause = kind == EventKind.UNREADY ? name(record.get("id_pause")) : null;
            if (kind == null || kind == EventKind.UNREADY && (pause == null || pause.isBlank()
                    || !AgentEvent.acceptable(pause, AgentEvent.MAX_PAUSE_LENGTH))) {
                // present, so not logged out; but no state the bridge knows (or a pause no callback could carry, a blank
                // one among them, which the intake refuses and the delivery would park): left alone
                states.add(new LiveState(user, null, null, null, null));
                continue;
            }
            // an empty or unreadable onpause (such as 0000-00-00 00:00:00) is no time, as null is: the pause is timed
            // by statetime then
            OffsetDateTime onpause = kind == EventKind.UNREADY ? time(text(record.get("onpause")), started) : null;
            OffsetDateTime time = onpause != null ? onpause : time(text(record.get("statetime")), started);
            states.add(new LiveState(user, kind, pause, time, time(text(record.get("logintime")), started)));
        }
        // published when the pass is done (the gauge says "in the last good pass"): a compare or store may still fail
        agentsOfThisRead = seen.size() + unnamed;
        if (unnamed > 0) {
            LOG.warn("Daktela listed {} logged-in agent(s) whose login could not be read (id_agent without a name): no agent "
                    + "missing from this read is logged out; check that DAKTELA_ACCESS_TOKEN may read the agents (users)", unnamed);
        }
        return new Read(started, states, unnamed);
    }

    /** Body in: the live states of a whole read. Body out: the repair events to store, oldest first. */
    public List<AgentEvent> repairs(Read read) {
        List<LiveState> live = read.states();
        OffsetDateTime started = read.started();
        OffsetDateTime now = OffsetDateTime.now(clock).atZoneSameInstant(zone).toOffsetDateTime().truncatedTo(ChronoUnit.SECONDS);
        step = Step.COMPARING;
        LastStates.Snapshot store = lastStates.browse();
        List<AgentEvent> repairs = new ArrayList<>();
        Set<String> present = new HashSet<>();
        for (LiveState state : live) {
            present.add(state.user());
            OffsetDateTime missingSince = store.missingSince().get(state.user());
            if (missingSince != null && missingSince.isBefore(started)) {
                // a mark made by a read that began after this one (another instance's) is newer news: kept
                lastStates.mark(state.user(), null);
            }
            if (state.kind() == null || state.time() == null) {
                continue;
            }
            // Daktela's change is recent: its callback may be on the way (checked first: no broker lookup for it)
            if (state.time().plus(grace).isAfter(now)) {
                continue;
            }
            AgentEvent last = store.last().get(state.user());
            if (last == null) {
                last = lastStates.find(state.user());
            }
            if (last != null && same(last, state)) {
                continue;
            }
            OffsetDateTime time = state.time();
            // never older than what was accepted, and older by more than the grace period
            if (last != null && !last.time().plus(grace).isBefore(time) && !loginRepairedWithoutItsState(last, state)) {
                if (!undoesSynthesizedLogout(last, started)) {
                    continue;
                }
                // Daktela lists, with a time before it, an agent whose logout reconciliation made up (the
                // agent missed from two reads: a glitch or a skipped page, not a logout). By Daktela's time
                // the logout would stand until the agent's next change; timed at this read, the repair is
                // newer than the logout, which is the only reason that logout was accepted
                time = started;
            }
            // the bridge accepted the agent's last state after the read began: the read may be behind it
            if (last != null && last.receivedAt() != null && !last.receivedAt().isBefore(started)) {
                continue;
            }
            if ((last == null || last.kind() == EventKind.LOGOUT) && state.loggedIn() != null && !state.loggedIn().isAfter(time)
                    && (last == null || last.time().plus(grace).isBefore(state.loggedIn()))) {
                // the login that began this session, after the last state the bridge knows (a logout, or none): without it
                // AristoTelos would show the agent going from logged out (or nothing) straight to the state below
                repairs.add(repair(state.user(), EventKind.LOGIN, null, state.loggedIn(), now));
            }
            repairs.add(repair(state.user(), state.kind(), state.pause(), time, now));
        }
        // "in a row" (docs/reconciliation.md, "Rules"): a mark older than three passes (three, not two: a pass delayed by
        // a slow one is still in a row; this instance's last pass when slower, or grace + one pass when longer) plus
        // 5 s for times kept to the second is made anew
        Duration perPass = lastPassTook.compareTo(interval) > 0 ? lastPassTook : interval;
        Duration inARow = perPass.multipliedBy(3).compareTo(grace.plus(perPass)) > 0 ? perPass.multipliedBy(3) : grace.plus(perPass);
        Duration markOutdated = inARow.plusSeconds(5);
        // a record the read could not name is a logged-in agent, whoever it is: nobody is missing from such a read
        Collection<AgentEvent> mayBeMissing = read.unnamed() > 0 ? List.of() : store.last().values();
        for (AgentEvent last : mayBeMissing) {
            if (last.kind() == EventKind.LOGOUT || present.contains(last.user())) {
                continue;
            }
            if (last.receivedAt() != null && !last.receivedAt().isBefore(started)) {
                // accepted after this read began: the read could not list it
                continue;
            }
            OffsetDateTime since = store.missingSince().get(last.user());
            if (since == null || !since.isAfter(last.time()) || (last.receivedAt() != null && !last.receivedAt().isBefore(since))
                    || started.isAfter(since.plus(markOutdated))) {
                // the first read that misses the agent (since its last accepted state): marked with the
                // time that read began, which every instance will then use for the logout. Or a mark no read
                // followed in time (the reads failed, or the bridge was down): the agent may have been listed
                // meanwhile, and a logout timed at the old mark would be hours early; marked anew
                lastStates.mark(last.user(), started);
                continue;
            }
            if (!started.isAfter(since) || started.isBefore(since.plus(secondReadAfter))) {
                // this read began no later than half an interval after the one that marked it (another
                // instance's): not a second pass. Or within the grace period after it: the agent's logout
                // callback may still be on the way, and a repair timed at the mark would go before it
                continue;
            }
            repairs.add(repair(last.user(), EventKind.LOGOUT, null, since, now));
        }
        repairs.sort((a, b) -> a.time().compareTo(b.time()));
        return repairs;
    }

    /**
     * Asked just before a repair is stored, with the rule the compare applied: false when the agent's
     * last state was accepted after the read of Daktela began, which the compare did not see (a callback
     * stored while the pass compared or stored its earlier repairs), so that the repair, made from an
     * older view, does not follow it into AristoTelos and the last states. The broker is asked, not this
     * instance's memory: the event may have reached another instance. What is left is the store itself,
     * milliseconds in which a callback can still come between.
     *
     * @param readStarted when the pass's read of Daktela began ({@link Read#started()})
     * @param pass        the pass's repairs, this one among them ({@link #repairs})
     */
    public boolean stillNeeded(AgentEvent repair, OffsetDateTime readStarted, List<AgentEvent> pass) {
        step = Step.COMPARING;
        AgentEvent last = lastStates.find(repair.user());
        // a repair of this very pass before it (the agent's login, before its state) was made from the same read. Told
        // by its id among the repairs before this one: by the time made, to the second, another instance's pass in the
        // same second counted as this one, and both delivered their repairs. Not a later one's id: a late callback
        // without an id shares its derived id, and the login would follow the pause into AristoTelos
        List<AgentEvent> before = pass.subList(0, Math.max(0, pass.indexOf(repair)));
        boolean thisPass = last != null && AgentEvent.repaired(last) && before.stream().anyMatch(made -> made.id().equals(last.id()));
        if (last == null || last.id().equals(repair.id()) || thisPass || last.receivedAt() == null
                || last.receivedAt().isBefore(readStarted)) {
            // the route stores it next: a failure from here on is the store's
            step = Step.STORING;
            return true;
        }
        LOG.info("Repair {} user={} not stored: event {} was accepted for the agent after the pass's read began", repair.id(),
                OneLine.field(repair.user()), OneLine.of(last.id(), AgentEvent.MAX_ID_LENGTH));
        return false;
    }

    /** A repair was stored (routes/reconciliation.camel.yaml): logged, counted, on the status page. */
    public void stored(AgentEvent repair) {
        step = Step.COMPARING;
        storedThisPass++;
        (repair.kind() == EventKind.LOGOUT ? repairedLogouts : repairedStates).increment();
        recorder.accepted(repair);
        LOG.info("Repaired event {} user={} event={}{} time={} origin=repair ({})", repair.id(), OneLine.field(repair.user()), repair.kind(),
                repair.pause() == null ? "" : " pause=" + OneLine.field(repair.pause()), DaktelaTime.format(repair.time()),
                repair.kind() == EventKind.LOGOUT ? "missing from Daktela's live sessions in two passes" : "Daktela's live session differs");
    }

    /**
     * The broker has this repair's id already: an earlier pass or another instance stored it, or the
     * bridge accepted this very state at this very time by callback. When the agent's last state is
     * older than it, a callback timed before it came after it (Daktela resent a late one): it took the
     * place of the newer state, and every pass would make this repair again (and the broker log its
     * refusal). The newer state, which the bridge did accept, is put back.
     */
    public void storedBefore(AgentEvent repair) {
        step = Step.COMPARING;
        AgentEvent last = lastStates.find(repair.user());
        if (last != null && last.time().isBefore(repair.time())) {
            lastStates.restore(repair);
            LOG.info("Agent {}: event {} came after event {} for a later time and is delivered as timed; the agent's "
                            + "last state is {} again, as Daktela lists it", OneLine.field(repair.user()), OneLine.of(last.id(), AgentEvent.MAX_ID_LENGTH),
                    repair.id(), repair.kind() + (repair.pause() == null ? "" : " pause=" + OneLine.field(repair.pause())));
            return;
        }
        LOG.debug("Repair {} user={} stored before", repair.id(), OneLine.field(repair.user()));
    }

    /** The pass read and compared everything. */
    public void passDone() {
        step = Step.READING_DAKTELA;
        notePassTook();
        passesOk.increment();
        agentsRead.set(agentsOfThisRead);
        lastGoodPass.set(OffsetDateTime.now(clock));
        if (failuresInARow.getAndSet(0) >= FAILURES_BEFORE_DEGRADED) {
            LOG.info("Reading Daktela's live sessions works again");
        }
        lastFailure.set(null);
    }

    private void notePassTook() {
        lastPassEnded = OffsetDateTime.now(clock);
        Instant began = passBegan;
        if (began != null) {
            lastPassTook = Duration.between(began, clock.instant());
        }
    }

    /**
     * The read failed or was partial (nothing repaired, no agent marked, no logout), or the store
     * refused a repair (broker stopped, disk full: that repair and the later ones are not stored, those before it are;
     * the next pass makes the rest again).
     */
    public void passFailed(Exchange exchange) {
        Throwable cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        // the split's "Multicast processing failed for number 0. Exchange[...]. Caused by: [...]" around the store's failure
        while (cause instanceof org.apache.camel.CamelExchangeException && cause.getCause() != null) {
            cause = cause.getCause();
        }
        passesFailed.increment();
        notePassTook();
        int failures = failuresInARow.incrementAndGet();
        Step failed = step;
        String reason = cause == null ? "unknown" : cause.getMessage();
        if (failed != Step.READING_DAKTELA && cause != null) {
            // the JMS template's own words ("Could not commit JMS transaction") and the broker's below them
            String root = org.springframework.core.NestedExceptionUtils.getMostSpecificCause(cause).getMessage();
            reason = (failed == Step.STORING ? STORE_REFUSED : COMPARE_FAILED) + reason
                    + (root == null || root.equals(reason) ? "" : " (" + root + ")");
        }
        lastFailure.set(new Failure(reason, failed));
        step = Step.READING_DAKTELA;
        // the repairs stored before the one refused stay stored (each in its own transaction) and are delivered
        int stored = storedThisPass;
        LOG.warn("Reconciliation pass failed ({} in a row), {}: {}", failures,
                stored == 0 ? "nothing repaired" : stored + " repair(s) stored before it, the rest left to the next pass", reason);
    }

    public record Failure(String reason, Step step) {
    }

    /** How a failure to store the pass's repairs begins, in the log and readiness. */
    private static final String STORE_REFUSED = "a repair could not be stored: ";
    /** How a failure to compare with the last states begins, in the log and readiness. */
    private static final String COMPARE_FAILED = "the agents' last states in the broker (" + SharedNames.LAST_STATE_QUEUE
            + ") could not be read or marked: ";

    public int failuresInARow() {
        return failuresInARow.get();
    }

    public Failure lastFailure() {
        return lastFailure.get();
    }

    public Duration lastGoodPassAge() {
        OffsetDateTime last = lastGoodPass.get();
        return last == null ? Duration.ofSeconds(-1) : Duration.between(last, OffsetDateTime.now(clock));
    }

    public boolean hadGoodPass() {
        return lastGoodPass.get() != null;
    }

    /**
     * How long no pass has ended, well or failed: since the last one, or since the bridge started when none has yet (a
     * pass that hangs fails nothing; passes that end failing are counted, and said, apart).
     */
    public Duration withoutPassEnded() {
        OffsetDateTime last = lastPassEnded;
        return Duration.between(last == null ? created : last, OffsetDateTime.now(clock));
    }

    public boolean hadPassEnd() {
        return lastPassEnded != null;
    }

    /**
     * A repair, its id from (agent, state, pause, time) only, and the very id Daktela's callback for the
     * same change gets when it has none: a callback that comes after all is then a duplicate, not a
     * second delivery. The origin says it is a repair (the log's origin=repair, the status page).
     */
    private AgentEvent repair(String user, EventKind kind, String pause, OffsetDateTime time, OffsetDateTime now) {
        return new AgentEvent(AgentEvent.derivedId(user, kind, pause, time), user, kind, pause, time, now, AgentEvent.REPAIR);
    }

    /**
     * The agent's last accepted state is a logout reconciliation stored (only a missed logout is
     * repaired as LOGOUT), older than this read by more than the grace period: Daktela listing the
     * agent now proves it wrong, whatever Daktela's time for the current state.
     */
    private boolean undoesSynthesizedLogout(AgentEvent last, OffsetDateTime readStarted) {
        return last.kind() == EventKind.LOGOUT && AgentEvent.repaired(last) && last.time().plus(grace).isBefore(readStarted);
    }

    /**
     * The agent's last accepted state is the login a pass repaired for the session Daktela lists now (at its logintime),
     * without the state that followed it: a pass stores each repair in a transaction of its own, and one that stopped
     * between the two (a store refused, the bridge stopped) left the login. Within the grace period after it the state
     * would never be repaired by the rule that keeps callbacks in flight from being overtaken; it is the repair the
     * stopped pass had made, from Daktela's times that are older than the grace period themselves.
     */
    private static boolean loginRepairedWithoutItsState(AgentEvent last, LiveState live) {
        return last.kind() == EventKind.LOGIN && AgentEvent.repaired(last) && live.loggedIn() != null
                && last.time().isEqual(live.loggedIn());
    }

    /** A login counts as the ready Daktela lists after it, but not one a pass repaired and stored without its state. */
    private static boolean same(AgentEvent last, LiveState live) {
        return last.kind() == EventKind.LOGIN && live.kind() == EventKind.READY && !loginRepairedWithoutItsState(last, live)
                || last.kind() == live.kind() && (live.kind() != EventKind.UNREADY || Objects.equals(last.pause(), live.pause()));
    }

    /**
     * Daktela's local "yyyy-MM-dd HH:mm:ss" (or ISO-8601), read as the intake reads a callback's time, and, as there, a
     * time before 2000 or days ahead is none: an onpause of 0 timed the pause in 1970 (sent so, or never repaired
     * behind the agent's last state), a statetime in the year 5138 left the agent unrepaired for good.
     */
    private OffsetDateTime time(String text, OffsetDateTime readStarted) {
        return text == null || text.isBlank() ? null : DaktelaTime.plausible(DaktelaTime.parse(text, zone, readStarted), readStarted);
    }

    /** An object's name (id_agent, id_pause), or the value itself when Daktela gives a string. */
    private static String name(JsonNode node) {
        return node != null && node.isObject() ? text(node.get("name")) : text(node);
    }

}
