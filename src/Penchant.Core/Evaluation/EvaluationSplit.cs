using Penchant.Core.Data;

namespace Penchant.Core.Evaluation;

/// <summary>
/// A <see cref="RecordSplit"/> turned into dense-id folds: <see cref="Test"/> (fitted on training plus
/// validation records, judged on test records) and, when the split has validation records,
/// <see cref="Validation"/> (fitted on training records only, judged on validation records).
/// Both folds share one <see cref="Users"/> and one <see cref="Items"/> map, built from every record in
/// order of first appearance, so ids mean the same in both.
/// </summary>
/// <remarks>
/// Built from several carves of the same training records (<see cref="Build(IReadOnlyList{RecordSplit}, string)"/>),
/// the split has one validation fold per carve in <see cref="ValidationFolds"/>; selection then averages over them,
/// which lowers the variance of a single random carve.
/// Every kept record is an implicit positive of weight 1 (repeats of a pair sum); rating values are not
/// weights. Filtering by rating happens before splitting.
/// </remarks>
public sealed class EvaluationSplit
{
    private EvaluationSplit(string description, IdMap users, IdMap items, EvaluationFold test, IReadOnlyList<EvaluationFold> validationFolds)
    {
        Description = description;
        Users = users;
        Items = items;
        Test = test;
        ValidationFolds = validationFolds;
    }

    /// <summary>How the split was made, for reports.</summary>
    public string Description { get; }

    public IdMap Users { get; }

    public IdMap Items { get; }

    /// <summary>Full training set against the test records.</summary>
    public EvaluationFold Test { get; }

    /// <summary>Training set without validation records against the validation records (the first carve's); null without validation.</summary>
    public EvaluationFold? Validation => ValidationFolds.Count > 0 ? ValidationFolds[0] : null;

    /// <summary>One validation fold per carve of the training records; empty without validation.</summary>
    public IReadOnlyList<EvaluationFold> ValidationFolds { get; }

    /// <summary>Builds the folds of <paramref name="split"/>.</summary>
    public static EvaluationSplit Build(RecordSplit split, string description)
    {
        ArgumentNullException.ThrowIfNull(split);
        return Build([split], description);
    }

    /// <summary>
    /// Builds the folds of several carves of one split: each carve divides the same training records differently
    /// into training and validation records and has the same test records. The test fold is built from the first
    /// carve (its training plus validation records, the full training set); every carve with validation records
    /// adds a validation fold. Ids are numbered in order of first appearance in the first carve, as with one carve.
    /// </summary>
    /// <exception cref="ArgumentException">No carve, or carves that do not share their training and test records.</exception>
    public static EvaluationSplit Build(IReadOnlyList<RecordSplit> carves, string description)
    {
        ArgumentNullException.ThrowIfNull(carves);
        if (carves.Count == 0)
        {
            throw new ArgumentException("At least one carve is needed.", nameof(carves));
        }

        var first = carves[0];
        foreach (var carve in carves.Skip(1))
        {
            if (carve.Train.Count + carve.Validation.Count != first.Train.Count + first.Validation.Count || carve.Test.Count != first.Test.Count)
            {
                throw new ArgumentException("Every carve must divide the same training records and keep the same test records.", nameof(carves));
            }
        }

        var users = new IdMap();
        var items = new IdMap();
        foreach (var part in new[] { first.Train, first.Validation, first.Test })
        {
            foreach (var r in part)
            {
                users.GetOrAdd(r.User);
                items.GetOrAdd(r.Item);
            }
        }

        var trainInteractions = ToInteractions(first.Train, users, items);
        var validationInteractions = ToInteractions(first.Validation, users, items);
        var fullTrain = InteractionData.FromInteractions([.. trainInteractions, .. validationInteractions], users, items);
        var test = new EvaluationFold(fullTrain, HeldOut(first.Test, users, items));
        var validations = new List<EvaluationFold>();
        foreach (var carve in carves)
        {
            if (carve.Validation.Count > 0)
            {
                var innerTrain = InteractionData.FromInteractions(ReferenceEquals(carve, first) ? trainInteractions : ToInteractions(carve.Train, users, items), users, items);
                validations.Add(new EvaluationFold(innerTrain, HeldOut(carve.Validation, users, items)));
            }
        }

        return new EvaluationSplit(description, users, items, test, validations);
    }

    /// <summary>Splits <paramref name="records"/> with <paramref name="splitter"/> and builds the folds.</summary>
    public static EvaluationSplit Build(IReadOnlyList<InteractionRecord> records, IDataSplitter splitter, bool withValidation)
    {
        ArgumentNullException.ThrowIfNull(splitter);
        return Build(splitter.Split(records, withValidation), splitter.Description);
    }

    private static List<Interaction> ToInteractions(IReadOnlyList<InteractionRecord> records, IdMap users, IdMap items)
    {
        var list = new List<Interaction>(records.Count);
        foreach (var r in records)
        {
            list.Add(new Interaction(users.IndexOf(r.User), items.IndexOf(r.Item), 1f, r.Timestamp));
        }

        return list;
    }

    private static int[][] HeldOut(IReadOnlyList<InteractionRecord> records, IdMap users, IdMap items)
    {
        var sets = new SortedSet<int>?[users.Count];
        foreach (var r in records)
        {
            (sets[users.IndexOf(r.User)] ??= []).Add(items.IndexOf(r.Item));
        }

        return [.. sets.Select(static s => s is null ? [] : s.ToArray())];
    }
}
