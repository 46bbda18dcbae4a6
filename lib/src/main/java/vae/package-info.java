/**
 * The VAE library of the lecture series: each formula of the lecture is written once, in the
 * package that owns it, with the formula beside the code; every other place calls it.
 *
 * <p>Where each formula lives. "Called by" names the library classes that use it; "notebooks"
 * names the notebooks whose code cells call it directly (05b is {@code 05-toy-vae}). The test
 * {@code FormulaTableTest} reads this table and fails when a method is missing or when either
 * column no longer matches the code.
 *
 * <table>
 *   <caption>Formula, method, callers</caption>
 *   <tr><th>formula</th><th>method</th><th>called by</th><th>notebooks</th></tr>
 *   <tr><td>log P(x) = log ∫ P(x, z) dz, by adaptive quadrature</td><td>{@link vae.toy.Quadrature#logIntegral Quadrature.logIntegral}</td><td>AmortisedGaussianVae, LogMarginalEstimators, Nonlinear1DModel</td><td>02, 09</td></tr>
 *   <tr><td>log-sum-exp and log-mean-exp, log (1/N) Σ e^{l_i} with the largest l_i taken out</td><td>{@link vae.prob.LogSumExp#logMeanExp LogSumExp.logMeanExp}</td><td>ImportanceWeighted, EstimatorStudy, LogMarginalEstimators</td><td>01, 02, 03</td></tr>
 *   <tr><td>prior Monte Carlo, P̂(x) = (1/N) Σ P(x | z_i), z_i ~ P(Z)</td><td>{@link vae.toy.LogMarginalEstimators#priorMonteCarlo LogMarginalEstimators.priorMonteCarlo}</td><td>—</td><td>01</td></tr>
 *   <tr><td>importance sampling, P̂(x) = (1/N) Σ P(x, z_i) / Q(z_i), z_i ~ Q</td><td>{@link vae.toy.LogMarginalEstimators#importanceSampling LogMarginalEstimators.importanceSampling}</td><td>—</td><td>02</td></tr>
 *   <tr><td>effective sample size, ESS = (Σ w)² / Σ w²</td><td>{@link vae.prob.EffectiveSampleSize#of EffectiveSampleSize.of}</td><td>ImportanceWeighted, Estimate, EstimatorStudy</td><td>03</td></tr>
 *   <tr><td>χ²(P(z|x) ‖ Q) of Gaussians, the relative variance of P̂ times N</td><td>{@link vae.toy.ImportanceSamplingTheory#chiSquare ImportanceSamplingTheory.chiSquare}</td><td>—</td><td>01, 02, 03</td></tr>
 *   <tr><td>ELBO by Monte Carlo, (1/N) Σ [log P(x, z_i) − log Q(z_i)]</td><td>{@link vae.toy.LogMarginalEstimators#elbo LogMarginalEstimators.elbo}</td><td>—</td><td>03, 04</td></tr>
 *   <tr><td>ELBO of a Gaussian Q in closed form or by quadrature</td><td>{@link vae.toy.ExactElbo#elbo ExactElbo.elbo}</td><td>BestGaussian, ElboAscent</td><td>05b</td></tr>
 *   <tr><td>K-sample bound L_K = E log (1/K) Σ w_k (toy models)</td><td>{@link vae.toy.LogMarginalEstimators#importanceWeightedBound LogMarginalEstimators.importanceWeightedBound}</td><td>—</td><td>03, 07</td></tr>
 *   <tr><td>K-sample bound L_K of the MNIST VAE, per image</td><td>{@link vae.eval.ImportanceWeighted#estimate ImportanceWeighted.estimate}</td><td>TrainBenchmark, ImportanceSweep, ReferenceRun, PaperRun</td><td>09</td></tr>
 *   <tr><td>KL(Q ‖ P(z|x)) by its own quadrature</td><td>{@link vae.toy.PosteriorKl#byQuadrature PosteriorKl.byQuadrature}</td><td>—</td><td>04, 05b</td></tr>
 *   <tr><td>KL between diagonal Gaussians</td><td>{@link vae.prob.KL#diagonal KL.diagonal}</td><td>—</td><td>04</td></tr>
 *   <tr><td>KL(N(μ, e^{lv}) ‖ N(0, I)) = −½ Σ (1 + lv − μ² − e^{lv})</td><td>{@link vae.prob.KL#toStandardNormal KL.toStandardNormal}</td><td>LatentCodes, Encoding, TrainingStep, DeepVae, AmortisedGaussianVae, LinearGaussianModel</td><td>05, 05b, 06, 08</td></tr>
 *   <tr><td>its gradient, ∂/∂μ = μ, ∂/∂lv = ½ (e^{lv} − 1)</td><td>{@link vae.prob.KL#addGradToStandardNormal KL.addGradToStandardNormal}</td><td>TrainingStep, DeepVae, AmortisedGaussianVae</td><td>—</td></tr>
 *   <tr><td>reparameterised sample z = μ + e^{lv/2} ε</td><td>{@link vae.prob.Reparameterisation#sample Reparameterisation.sample}</td><td>ImportanceWeighted, Mistake, Vae, DeepVae, DiagonalGaussian, AmortisedGaussianVae</td><td>—</td></tr>
 *   <tr><td>Bernoulli log-likelihood on logits, x l − softplus(l)</td><td>{@link vae.prob.BernoulliLogits#logProb BernoulliLogits.logProb}</td><td>ElementWise, ContinuousBernoulli</td><td>09</td></tr>
 *   <tr><td>its sum over an image&#x27;s pixels, log P(x | z)</td><td>{@link vae.prob.BernoulliLogits#sumLogProb BernoulliLogits.sumLogProb}</td><td>—</td><td>06, 09</td></tr>
 *   <tr><td>the same sum in vector lanes (each term within a few ulps), for the estimators</td><td>{@link vae.linalg.ElementWise#sumBernoulliLogProb ElementWise.sumBernoulliLogProb}</td><td>ElboTerms, ImportanceWeighted</td><td>—</td></tr>
 *   <tr><td>Gaussian log-density, −½ log 2π − log σ − (x − μ)² / 2σ²</td><td>{@link vae.prob.Normal#logDensity Normal.logDensity}</td><td>—</td><td>00, 02</td></tr>
 *   <tr><td>isotropic Gaussian log-density in D dimensions</td><td>{@link vae.prob.Normal#logDensityIsotropic Normal.logDensityIsotropic}</td><td>AmortisedGaussianVae, LinearGaussianModel, Nonlinear1DModel</td><td>—</td></tr>
 *   <tr><td>continuous Bernoulli normaliser, log C(λ) = log [2 atanh(1 − 2λ) / (1 − 2λ)]</td><td>{@link vae.prob.ContinuousBernoulli#logNormaliser ContinuousBernoulli.logNormaliser}</td><td>—</td><td>09</td></tr>
 *   <tr><td>mean ± standard error, sd / √n</td><td>{@link vae.eval.SampleMean#of SampleMean.of}</td><td>ElboGradients, EstimatorStudy, ImportanceSweep, LogMarginalEstimators, PaperRun</td><td>06, 07</td></tr>
 *   <tr><td>ELBO = reconstruction − KL of the MNIST VAE, per image</td><td>{@link vae.eval.ElboTerms#of ElboTerms.of}</td><td>ElboHistory, ReferenceRun</td><td>06, 07, 08, 09</td></tr>
 *   <tr><td>score-function gradient of the ELBO, E[f(z) ∇ log Q(z)]</td><td>{@link vae.toy.ElboGradients#scoreFunction ElboGradients.scoreFunction}</td><td>—</td><td>05</td></tr>
 *   <tr><td>reparameterised gradient of the ELBO, E[∇_z f(μ + σε)]</td><td>{@link vae.toy.ElboGradients#reparameterized ElboGradients.reparameterized}</td><td>—</td><td>05</td></tr>
 *   <tr><td>KL per latent dimension and active units, Var_x(μ_j) &gt; 0.01</td><td>{@link vae.eval.LatentCodes#of LatentCodes.of}</td><td>PaperRun</td><td>08, 09</td></tr>
 * </table>
 *
 * <p>The packages: {@link vae.prob} (probability building blocks), {@link vae.toy} (models with a
 * known answer, notebooks 01-05b), {@link vae.linalg} and {@link vae.nn} (matrices and layers),
 * {@link vae.model} (the MNIST VAE and its training step), {@link vae.train}, {@link vae.eval}
 * (the MNIST estimators and probes), {@link vae.data}, {@link vae.plot}, {@link vae.check} and
 * {@link vae.exercise} (the notebooks' checks and exercises), {@link vae.setup} and
 * {@link vae.bench}.
 */
package vae;
