package dlx.train;

/**
 * A listener whose counters outlive an epoch (early stopping's patience, the plateau schedule's wait). Like a
 * Lightning callback's {@code state_dict}, it hands its state to every checkpoint, under its own name in
 * dlx/state.json, and a resumed run gives that state back before {@link #onTrainBegin}; nothing else in the loop
 * knows about it.
 *
 * @param <S> a record of its counters, written as JSON
 */
public interface StatefulListener<S extends Record> extends LoopListener {
    /** The name its state is saved under: once released, never changed, or old checkpoints lose their counts. */
    String stateName();

    Class<S> stateType();

    /** Its counters now. */
    S state();

    /** The counters a checkpoint saved; not called on a fresh run. */
    void restore(S state);
}
