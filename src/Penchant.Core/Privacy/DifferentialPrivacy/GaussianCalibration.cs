namespace Penchant.Core.Privacy.DifferentialPrivacy;

/// <summary>How <see cref="GaussianMechanism"/> turns (ε, δ) and Δ₂ into σ.</summary>
public enum GaussianCalibration
{
    /// <summary>
    /// The analytic Gaussian mechanism of Balle and Wang ("Improving the Gaussian mechanism for differential privacy:
    /// analytical calibration and optimal denoising", ICML 2018): the smallest σ with
    /// Φ(Δ/2σ − εσ/Δ) − e^ε·Φ(−Δ/2σ − εσ/Δ) ≤ δ, found by bisection. Exact, valid for any ε > 0, and never larger than
    /// the classic σ.
    /// </summary>
    Analytic,

    /// <summary>σ = Δ₂·√(2 ln(1.25/δ))/ε (Dwork and Roth 2014, Theorem A.1); valid only for ε &lt; 1.</summary>
    Classic,
}
