package vae.nn;

import java.util.List;

/** Anything with trainable parameters: a layer, or a model made of layers. */
public interface Module {

    /** The trainable parameters, in a fixed order (the order save/load and optimisers use). */
    List<Parameter> parameters();

    /** Total number of scalar parameters. */
    default long parameterCount() {
        long n = 0;
        for (Parameter p : parameters()) n += p.size();
        return n;
    }
}
