package io.uplink.edge.modbus.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.ghgande.j2mod.modbus.ModbusSlaveException;

import io.uplink.edge.modbus.ModbusHealth;
import io.uplink.edge.modbus.ModbusMap;
import io.uplink.edge.modbus.ModbusPoint;

/**
 * Polls one device on a thread of its own, so a slow or silent device never holds up the agent's cycle: the cycle
 * takes the values of the latest completed poll ({@link #latest()}). Every request is bounded by the map's
 * timeout, a failed request is not retried inside the poll, and after a lost connection the next connect waits
 * out an exponential backoff with jitter. Values: one per point in map order, then one
 * {@code ModbusCommunicationFailed} per component (true when the device refused some of the component's reads;
 * empty, like every value, while the device cannot be reached).
 */
public final class ModbusPoller implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ModbusPoller.class);
    /** Exception code 2: the device has no such registers (or refuses a read across a hole). */
    private static final int ILLEGAL_DATA_ADDRESS = 2;

    private final String name;
    private final String host;
    private final int port;
    private final ModbusMap map;
    private final long backoffBaseMillis;
    private final long backoffMaxMillis;
    private final List<ReadPlanner.Range> ranges = new ArrayList<>();
    private final int[] pointRange;
    private final int[] sfRange;
    private final int[] pointComponent;
    private final int components;
    private final Set<Integer> alone = new HashSet<>();
    private final Set<String> reportedRefusals = new HashSet<>();
    private final Set<Integer> reportedDecodeErrors = new HashSet<>();
    private volatile List<ReadPlanner.Request> plan;
    private volatile Object[] latest;
    private volatile boolean running;
    private volatile ModbusLink link;
    private Thread thread;

    // health, guarded by this
    private ModbusHealth.State state = ModbusHealth.State.CONNECTING;
    private long since = System.currentTimeMillis();
    private String lastError = "";
    private int consecutiveFailures;
    private long nextAttempt;
    private long polls;
    private long requests;
    private long failedRequests;
    private double lastPollMillis;
    private int refusedLastPoll;

    public ModbusPoller(String name, String host, int port, ModbusMap map, long backoffBaseMillis,
            long backoffMaxMillis) {
        this.name = name;
        this.host = host;
        this.port = port;
        this.map = map;
        this.backoffBaseMillis = backoffBaseMillis;
        this.backoffMaxMillis = backoffMaxMillis;
        List<ModbusPoint> points = map.points();
        this.pointRange = new int[points.size()];
        this.sfRange = new int[points.size()];
        this.pointComponent = new int[points.size()];
        Map<ReadPlanner.Range, Integer> known = new HashMap<>();
        Map<String, Integer> componentIndex = new HashMap<>();
        for (ModbusMap.Component c : map.components()) {
            componentIndex.put(c.id(), componentIndex.size());
        }
        this.components = componentIndex.size();
        for (int i = 0; i < points.size(); i++) {
            ModbusPoint p = points.get(i);
            this.pointRange[i] = rangeIndex(known, new ReadPlanner.Range(p.unitId(), p.table(), p.address(),
                    p.registers()));
            this.sfRange[i] = p.hasScaleFactorRegister()
                    ? rangeIndex(known, new ReadPlanner.Range(p.unitId(), p.table(), p.sfAddress(), 1)) : -1;
            this.pointComponent[i] = componentIndex.get(p.channel().componentId());
        }
        this.plan = ReadPlanner.plan(this.ranges, map.transport(), this.alone);
        this.latest = new Object[points.size() + this.components];
    }

    private int rangeIndex(Map<ReadPlanner.Range, Integer> known, ReadPlanner.Range range) {
        return known.computeIfAbsent(range, r -> {
            this.ranges.add(r);
            return this.ranges.size() - 1;
        });
    }

    public synchronized void start() {
        if (this.thread != null) {
            return;
        }
        this.running = true;
        this.thread = new Thread(this::run, "uplink-modbus " + this.name);
        this.thread.setDaemon(true);
        this.thread.start();
    }

    /** The values of the latest completed poll; the array is never changed after it is published. */
    public Object[] latest() {
        return this.latest;
    }

    /** The requests one poll sends now. */
    public List<ReadPlanner.Request> plan() {
        return this.plan;
    }

    public synchronized ModbusHealth health() {
        return new ModbusHealth(this.state, this.since, this.lastError, this.consecutiveFailures,
                this.state == ModbusHealth.State.DISCONNECTED ? this.nextAttempt : 0, this.polls, this.requests,
                this.failedRequests, this.lastPollMillis, this.refusedLastPoll);
    }

    private void run() {
        long interval = this.map.transport().pollIntervalMs();
        while (this.running) {
            long wait;
            synchronized (this) {
                wait = this.link == null && this.consecutiveFailures > 0
                        ? this.nextAttempt - System.currentTimeMillis() : 0;
            }
            if (wait > 0) {
                sleep(wait);
                continue;
            }
            long started = System.nanoTime();
            pollOnce();
            if (this.link == null) {
                continue; // failed: the backoff decides when to try again
            }
            long elapsedMillis = (System.nanoTime() - started) / 1_000_000;
            // an overrun skips ticks instead of queueing polls
            sleep(interval - elapsedMillis % interval);
        }
    }

    private void sleep(long millis) {
        try {
            Thread.sleep(Math.max(1, millis));
        } catch (InterruptedException e) {
            // close() interrupts; the loop sees running == false
        }
    }

    /** One poll: connect if needed, send every request of the plan, publish the decoded values. */
    void pollOnce() {
        long started = System.nanoTime();
        ModbusMap.Transport transport = this.map.transport();
        ModbusLink current = this.link;
        if (current == null) {
            try {
                current = new ModbusLink(this.host, this.port, transport.timeoutMs(), 1 + transport.retries());
                this.link = current;
            } catch (Exception e) {
                failed("cannot connect to " + this.host + ":" + this.port + ": " + describe(e), started);
                return;
            }
        }
        int[][] data = new int[this.ranges.size()][];
        String ioError = null;
        String refusal = null;
        int sent = 0;
        int refused = 0;
        boolean replan = false;
        List<ReadPlanner.Request> requestsNow = this.plan;
        for (int r = 0; r < requestsNow.size() && this.running; r++) {
            ReadPlanner.Request request = requestsNow.get(r);
            if (r > 0 && transport.interRequestDelayMs() > 0) {
                sleep(transport.interRequestDelayMs());
            }
            sent++;
            try {
                int[] values = current.read(request);
                for (int index : request.ranges()) {
                    ReadPlanner.Range range = this.ranges.get(index);
                    int from = range.address() - request.address();
                    data[index] = Arrays.copyOfRange(values, from, from + range.count());
                }
            } catch (ModbusSlaveException e) {
                refused++;
                refusal = request + ": device exception " + e.getType() + " (" + e.getMessage() + ")";
                if (e.getType() == ILLEGAL_DATA_ADDRESS && request.ranges().size() > 1) {
                    // some devices refuse reads across unmapped registers: read these ranges singly from now on
                    this.alone.addAll(request.ranges());
                    replan = true;
                }
                if (this.reportedRefusals.add(request.toString())) {
                    LOG.warn("Modbus device {} refused {}{}", this.name, refusal,
                            replan ? "; its points are read one by one from now on" : "");
                }
            } catch (Exception e) {
                ioError = request + ": " + describe(e);
                break;
            }
        }
        if (replan) {
            this.plan = ReadPlanner.plan(this.ranges, transport, this.alone);
        }
        if (ioError != null) {
            closeLink();
            synchronized (this) {
                this.requests += sent;
                this.failedRequests += refused + 1;
            }
            failed(ioError, started);
            return;
        }
        Object[] values = decode(data);
        double millis = (System.nanoTime() - started) / 1e6;
        boolean wasConnected;
        synchronized (this) {
            wasConnected = this.state == ModbusHealth.State.CONNECTED;
            this.requests += sent;
            this.failedRequests += refused;
            this.polls++;
            this.consecutiveFailures = 0;
            this.lastPollMillis = millis;
            this.refusedLastPoll = refused;
            if (refusal != null) {
                this.lastError = refusal;
            }
            if (!wasConnected && this.running) {
                this.state = ModbusHealth.State.CONNECTED;
                this.since = System.currentTimeMillis();
            }
        }
        this.latest = values;
        if (!wasConnected) {
            LOG.info("Modbus device {} connected: {} requests per poll for {} points", this.name, requestsNow.size(),
                    this.map.points().size());
        }
    }

    private Object[] decode(int[][] data) {
        List<ModbusPoint> points = this.map.points();
        Object[] values = new Object[points.size() + this.components];
        boolean[] failedComponent = new boolean[this.components];
        for (int i = 0; i < points.size(); i++) {
            int[] raw = data[this.pointRange[i]];
            int[] sf = this.sfRange[i] >= 0 ? data[this.sfRange[i]] : null;
            if (raw == null || this.sfRange[i] >= 0 && sf == null) {
                failedComponent[this.pointComponent[i]] = true;
                continue;
            }
            try {
                values[i] = PointDecoder.decode(points.get(i), raw, sf == null ? 0 : sf[0]);
            } catch (IllegalArgumentException e) {
                if (this.reportedDecodeErrors.add(i)) {
                    LOG.warn("Modbus device {}: {} ({}): {}", this.name, points.get(i).channel(),
                            points.get(i).location(), e.getMessage());
                }
            }
        }
        for (int c = 0; c < this.components; c++) {
            values[points.size() + c] = failedComponent[c];
        }
        return values;
    }

    private void failed(String error, long started) {
        // nothing known about the device: every channel is empty, the reason is in the health
        this.latest = new Object[this.map.points().size() + this.components];
        long delay;
        boolean changed;
        synchronized (this) {
            this.consecutiveFailures++;
            this.lastPollMillis = (System.nanoTime() - started) / 1e6;
            this.lastError = error;
            // full jitter between half the ceiling and the ceiling: never a tight loop, never fleet lockstep
            long ceiling = Math.min(this.backoffMaxMillis,
                    this.backoffBaseMillis << Math.min(20, this.consecutiveFailures - 1));
            delay = ThreadLocalRandom.current().nextLong(ceiling / 2, ceiling + 1);
            // never more often than the poll interval, however short the backoff
            delay = Math.max(delay, this.map.transport().pollIntervalMs() - (long) this.lastPollMillis);
            this.nextAttempt = System.currentTimeMillis() + delay;
            changed = this.state != ModbusHealth.State.DISCONNECTED && this.running;
            if (changed) {
                this.state = ModbusHealth.State.DISCONNECTED;
                this.since = System.currentTimeMillis();
            }
        }
        if (changed) {
            LOG.warn("Modbus device {}: {}; values are empty until it answers (next attempt in {} ms, then backing off"
                    + " up to {} ms)", this.name, error, delay, this.backoffMaxMillis);
        } else {
            LOG.debug("Modbus device {}: {}; next attempt in {} ms", this.name, error, delay);
        }
    }

    private static String describe(Exception e) {
        String message = e.getMessage();
        return e.getClass().getSimpleName() + (message == null || message.isBlank() ? "" : ": " + message);
    }

    private void closeLink() {
        ModbusLink current = this.link;
        this.link = null;
        if (current != null) {
            current.close();
        }
    }

    @Override
    public void close() {
        Thread t;
        synchronized (this) {
            this.running = false;
            t = this.thread;
            this.state = ModbusHealth.State.STOPPED;
            this.since = System.currentTimeMillis();
        }
        closeLink(); // ends a blocked read at once
        if (t != null) {
            t.interrupt();
            try {
                t.join(this.map.transport().timeoutMs() + 2_000L);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        closeLink();
    }
}
