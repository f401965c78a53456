using System.Globalization;

namespace Penchant.Core.Experiments;

/// <summary>
/// One experiment of a <see cref="ExperimentPlan"/>: its name, the layer it runs in, the share of shoppers it takes
/// (<paramref name="Traffic"/>, of the whole shop, in (0, 1]) and its arms; with a <see cref="Start"/> or an
/// <see cref="End"/>, the time it runs.
/// </summary>
public sealed record ExperimentDefinition(string Name, string Layer, double Traffic, IReadOnlyList<Variant> Variants)
{
    /// <summary>When it starts; null: from the start.</summary>
    public DateTimeOffset? Start { get; init; }

    /// <summary>When it ends; null: never.</summary>
    public DateTimeOffset? End { get; init; }

    /// <summary>Whether its [Start, End) window and <paramref name="other"/>'s share a moment.</summary>
    public bool Overlaps(ExperimentDefinition other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return WindowsMeet(Start, End, other.Start, other.End);
    }

    /// <summary>Whether the windows [<paramref name="start"/>, <paramref name="end"/>) and [<paramref name="otherStart"/>, <paramref name="otherEnd"/>) share a moment (a null bound is open).</summary>
    public static bool WindowsMeet(DateTimeOffset? start, DateTimeOffset? end, DateTimeOffset? otherStart, DateTimeOffset? otherEnd) =>
        (start is null || otherEnd is null || start < otherEnd) && (otherStart is null || end is null || otherStart < end);
}

/// <summary>A shopper's arm in one experiment.</summary>
public readonly record struct ExperimentArm(string Experiment, string Variant);

/// <summary>
/// Several experiments at once, in layers (after Tang et al., "Overlapping experiment infrastructure", KDD 2010).
/// Experiments in one layer are exclusive: a hash of the layer and the shopper places each shopper at a point in
/// [0, 1), and the layer's experiments take consecutive ranges of it, each as wide as its traffic, so no shopper is in
/// two of them and the rest are in none. Layers are independent of each other (each hashes its own name), so a shopper
/// can be in one experiment of every layer. Experiments of one layer that never run at the same time (by their Start and
/// End) may take the same range: each takes the lowest range free of the ranges of the earlier experiments it meets in
/// time, which without windows is the next range along. Within an experiment the arm is <see cref="ExperimentAssignment.VariantOf"/>,
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

        // Each experiment's range in its layer: the lowest start, at 0 or where an earlier range ends, clear of the ranges
        // of the earlier experiments of the layer that run at the same time.
        _layers = [.. _experiments.Select(static e => e.Layer).Distinct(StringComparer.Ordinal)];
        _ranges = new (int, double)[_experiments.Length];
        for (var i = 0; i < _experiments.Length; i++)
        {
            var e = _experiments[i];
            var meets = Enumerable.Range(0, i).Where(j => _experiments[j].Layer == e.Layer && _experiments[j].Overlaps(e)).ToArray();
            var start = FirstFit(e.Traffic, [.. meets.Select(j => (_ranges[j].Start, _ranges[j].Start + _experiments[j].Traffic))]);
            if (start is null)
            {
                var together = meets.Select(j => _experiments[j]).Append(e).ToArray();
                var sum = together.Sum(static x => x.Traffic);
                var message = sum > 1 + 1e-9
                    ? string.Create(CultureInfo.InvariantCulture, $"Layer '{e.Layer}': its experiments ({string.Join(", ", together.Select(static x => x.Name))}) take {sum:0.###} of the shoppers together while they run; at most 1.")
                    : string.Create(CultureInfo.InvariantCulture, $"Layer '{e.Layer}': '{e.Name}' finds no free range of {e.Traffic:0.###} beside {string.Join(", ", together.SkipLast(1).Select(static x => x.Name))}, which run at the same time; list it earlier or give it less Traffic.");
                throw new ArgumentException(message, nameof(experiments));
            }

            _ranges[i] = (Array.IndexOf(_layers, e.Layer), start.Value);
        }
    }

    // The lowest start, at 0 or where an occupied range ends, at which [start, start + width) lies within [0, 1) clear of
    // every occupied range; null when there is none.
    private static double? FirstFit(double width, (double Start, double End)[] occupied)
    {
        foreach (var start in occupied.Select(static o => o.End).Prepend(0).Order())
        {
            if (start + width <= 1 + 1e-9 && occupied.All(o => start + width <= o.Start + 1e-12 || start >= o.End - 1e-12))
            {
                return start;
            }
        }

        return null;
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
