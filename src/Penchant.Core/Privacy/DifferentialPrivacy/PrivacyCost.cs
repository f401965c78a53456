namespace Penchant.Core.Privacy.DifferentialPrivacy;

/// <summary>An (ε, δ) privacy cost or budget. δ = 0 is pure ε-differential privacy.</summary>
public readonly record struct PrivacyCost
{
    public PrivacyCost(double epsilon, double delta = 0)
    {
        if (!(epsilon >= 0) || double.IsInfinity(epsilon))
        {
            throw new ArgumentOutOfRangeException(nameof(epsilon), epsilon, "ε must be finite and non-negative.");
        }

        if (!(delta >= 0 && delta < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(delta), delta, "δ must be in [0, 1).");
        }

        Epsilon = epsilon;
        Delta = delta;
    }

    public double Epsilon { get; }

    public double Delta { get; }

    public static PrivacyCost Zero => default;

    /// <summary>Basic sequential composition: ε and δ add up.</summary>
    public static PrivacyCost operator +(PrivacyCost a, PrivacyCost b) =>
        new(a.Epsilon + b.Epsilon, Math.Min(a.Delta + b.Delta, Math.BitDecrement(1.0)));

    public PrivacyCost Add(PrivacyCost other) => this + other;

    public override string ToString() => Delta == 0 ? $"ε={Epsilon:G4}" : $"ε={Epsilon:G4}, δ={Delta:G3}";
}
