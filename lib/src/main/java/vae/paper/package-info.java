/**
 * A published table reproduced: Burda, Grosse and Salakhutdinov's (2016) VAE on MNIST, test NLL
 * 86.76 nats at k = 5000. {@link vae.paper.PaperConfig} is the experiment, {@link vae.paper.PaperRun}
 * runs it resumably (its {@link vae.paper.Checkpoint}s), {@link vae.paper.PaperRecord} writes its run
 * record and {@link vae.paper.PaperMain} is {@code ./lecture paper}.
 */
package vae.paper;
