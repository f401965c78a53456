using System.Globalization;

namespace Penchant.Core.Experiments;

/// <summary>
/// One experiment of a <see cref="ExperimentPlan"/>: its name, the layer it runs in, the share of shoppers it takes
/// (<paramref name="Traffic"/>, of the whole shop, in (0, 1]) and its arms.
/// </summary>
public sealed record ExperimentDefinition(string Name, string Layer, double Traffic, IReadOnlyList<Variant> Variants);

/// <summary>A shopper's arm in one experiment.</summary>
public readonly record struct ExperimentArm(string Experiment, string Variant);

/// <summary>
/// Several experiments at once, in layers (after Tang et al., "Overlapping experiment infrastructure", KDD 2010).
/// Experiments in one layer are exclusive: a hash of the layer and the shopper places each shopper at a point in
/// [0, 1), and the layer's experiments take consecutive ranges of it, each as wide as its traffic, so no shopper is in
/// two of them and the rest are in none. Layers are independent of each other (each hashes its own name), so a shopper
/// can be in one experiment of every layer. Within an experiment the arm is <see cref="ExperimentAssignment.VariantOf"/>,
/// a hash of the experiment alone, so it is independent of the layer's placement. Nothing is stored: serving and reports
/// recompute the same arms. A single experiment with all the traffic assigns exactly as <see cref="ExperimentAssignment"/>.
/// </summary>
public sealed class ExperimentPlan
{
    private readonly ExperimentDefinition[] _experiments;
    private readonly string[] _layers;
    private readonly (int Layer, double Start)[] _ranges;

    /// <summary>A plan of <paramref name="experiments"/>, in the order given (which also orders each layer's ranges).</summary>
    /// <exception cref="ArgumentException">A name is empty, repeated or holds a control character; an experiment has no
    /// arm, an arm a share that is not positive, or two arms one name; a traffic is outside (0, 1]; or a layer's traffic
    /// sums to more than 1. The message names the experiment or layer.</exception>
    public ExperimentPlan(IEnumerable<ExperimentDefinition> experiments)
    {
        ArgumentNullException.ThrowIfNull(experiments);
        _experiments = [.. experiments];
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var e in _experiments)
        {
            if (string.IsNullOrWhiteSpace(e.Name) || e.Name.Any(char.IsControl) || string.IsNullOrWhiteSpace(e.Layer) || e.Layer.Any(char.IsControl))
            {
                throw new ArgumentException($"Experiment '{e.Name}': its name and layer must be non-empty, without control characters.", nameof(experiments));
            }

            if (!names.Add(e.Name))
            {
                throw new ArgumentException($"Experiment '{e.Name}' is named twice.", nameof(experiments));
            }

            if (!(e.Traffic > 0 && e.Traffic <= 1))
            {
                throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"Experiment '{e.Name}': Traffic must be above 0 and at most 1, not {e.Traffic}."), nameof(experiments));
            }

            if (e.Variants.Count == 0 || e.Variants.Any(static v => !(v.Share > 0) || !double.IsFinite(v.Share))
                || e.Variants.Select(static v => v.Name).Distinct(StringComparer.Ordinal).Count() != e.Variants.Count)
            {
                throw new ArgumentException($"Experiment '{e.Name}' needs variants with distinct names, each with a positive share.", nameof(experiments));
            }
        }

        // Each experiment's range in its layer, the layer's experiments one after another in the order given.
        var layers = _experiments.Select(static e => e.Layer).Distinct(StringComparer.Ordinal).ToList();
        var taken = new double[layers.Count];
        _ranges = new (int, double)[_experiments.Length];
        for (var i = 0; i < _experiments.Length; i++)
        {
            var layer = layers.IndexOf(_experiments[i].Layer);
            _ranges[i] = (layer, taken[layer]);
            taken[layer] += _experiments[i].Traffic;
        }

        _layers = [.. layers];
        for (var l = 0; l < _layers.Length; l++)
        {
            if (taken[l] > 1 + 1e-9)
            {
                var members = _experiments.Where(e => e.Layer == _layers[l]).Select(static e => e.Name);
                throw new ArgumentException(
                    string.Create(CultureInfo.InvariantCulture, $"Layer '{_layers[l]}': its experiments ({string.Join(", ", members)}) take {taken[l]:0.###} of the shoppers together; at most 1."),
                    nameof(experiments));
            }
        }
    }

    /// <summary>No experiment.</summary>
    public static ExperimentPlan None { get; } = new([]);

    /// <summary>The experiments, in the order given.</summary>
    public IReadOnlyList<ExperimentDefinition> Experiments => _experiments;

    /// <summary>Whether any experiment runs.</summary>
    public bool Any => _experiments.Length > 0;

    /// <summary>The experiment named <paramref name="name"/>, or null.</summary>
    public ExperimentDefinition? Find(string name) => Array.Find(_experiments, e => string.Equals(e.Name, name, StringComparison.Ordinal));

    /// <summary>The arms of <paramref name="userId"/>: at most one per layer, in the order the experiments were given.</summary>
    public IReadOnlyList<ExperimentArm> ArmsOf(string userId)
    {
        ArgumentNullException.ThrowIfNull(userId);
        if (_experiments.Length == 0)
        {
            return [];
        }

        Span<double> points = stackalloc double[Math.Min(_layers.Length, 64)];
        points.Fill(double.NaN);
        List<ExperimentArm>? arms = null;
        for (var i = 0; i < _experiments.Length; i++)
        {
            if (Contains(i, userId, points))
            {
                (arms ??= []).Add(new ExperimentArm(_experiments[i].Name, ExperimentAssignment.VariantOf(_experiments[i].Name, userId, _experiments[i].Variants).Name));
            }
        }

        return arms is null ? [] : arms;
    }

    /// <summary>The arm of <paramref name="userId"/> in <paramref name="experiment"/>; null when the shopper is outside it or there is no such experiment.</summary>
    public string? VariantOf(string experiment, string userId)
    {
        ArgumentNullException.ThrowIfNull(userId);
        var i = Array.FindIndex(_experiments, e => string.Equals(e.Name, experiment, StringComparison.Ordinal));
        return i >= 0 && Contains(i, userId, []) ? ExperimentAssignment.VariantOf(_experiments[i].Name, userId, _experiments[i].Variants).Name : null;
    }

    // Whether the shopper's point in experiment i's layer falls in its range; points caches each layer's point (NaN: not yet).
    private bool Contains(int i, string userId, Span<double> points)
    {
        var (layer, start) = _ranges[i];
        double point;
        if (layer < points.Length)
        {
            if (double.IsNaN(points[layer]))
            {
                points[layer] = LayerPoint(_layers[layer], userId);
            }

            point = points[layer];
        }
        else
        {
            point = LayerPoint(_layers[layer], userId);
        }

        return point >= start && point < start + _experiments[i].Traffic;
    }

    /// <summary>
    /// The shopper's point in <paramref name="layer"/>. The hashed text starts with a control character, which no
    /// experiment's name may hold, so a layer's placement never coincides with an experiment's arms.
    /// </summary>
    private static double LayerPoint(string layer, string userId) => ExperimentAssignment.Uniform("\u0001layer\n" + layer, userId);
}
