package io.uplink.edge.sim.tests;

import java.util.HashMap;
import java.util.Map;

import io.uplink.core.ChannelSnapshot;

/** Reads snapshot values by address, for assertions. */
final class SnapshotView {

    private final ChannelSnapshot snapshot;
    private final Map<String, Integer> index = new HashMap<>();

    SnapshotView(ChannelSnapshot snapshot) {
        this.snapshot = snapshot;
        for (int i = 0; i < snapshot.size(); i++) {
            this.index.put(snapshot.channel(i).address().toString(), i);
        }
    }

    Object get(String address) {
        Integer i = this.index.get(address);
        if (i == null) {
            throw new AssertionError("snapshot has no channel " + address);
        }
        return this.snapshot.value(i);
    }

    long getLong(String address) {
        Object value = this.get(address);
        if (!(value instanceof Long l)) {
            throw new AssertionError(address + " is " + value + ", expected a Long");
        }
        return l;
    }
}
