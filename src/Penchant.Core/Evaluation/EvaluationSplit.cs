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
/// Every kept record is an implicit positive of weight 1 (repeats of a pair sum); rating values are not
/// weights. Filtering by rating happens before splitting.
/// </remarks>
public sealed class EvaluationSplit
{
    private EvaluationSplit(string description, IdMap users, IdMap items, EvaluationFold test, EvaluationFold? validation)
    {
        Description = description;
        Users = users;
        Items = items;
        Test = test;
        Validation = validation;
    }

    /// <summary>How the split was made, for reports.</summary>
    public string Description { get; }

    public IdMap Users { get; }

    public IdMap Items { get; }

    /// <summary>Full training set against the test records.</summary>
    public EvaluationFold Test { get; }

    /// <summary>Training set without validation records against the validation records; null without validation.</summary>
    public EvaluationFold? Validation { get; }

    /// <summary>Builds the folds of <paramref name="split"/>.</summary>
    public static EvaluationSplit Build(RecordSplit split, string description)
    {
        ArgumentNullException.ThrowIfNull(split);
        var users = new IdMap();
        var items = new IdMap();
        foreach (var part in new[] { split.Train, split.Validation, split.Test })
        {
            foreach (var r in part)
            {
                users.GetOrAdd(r.User);
                items.GetOrAdd(r.Item);
            }
        }

        var trainInteractions = ToInteractions(split.Train, users, items);
        var validationInteractions = ToInteractions(split.Validation, users, items);
        var fullTrain = InteractionData.FromInteractions([.. trainInteractions, .. validationInteractions], users, items);
        var test = new EvaluationFold(fullTrain, HeldOut(split.Test, users, items));
        EvaluationFold? validation = null;
        if (split.Validation.Count > 0)
        {
            var innerTrain = InteractionData.FromInteractions(trainInteractions, users, items);
            validation = new EvaluationFold(innerTrain, HeldOut(split.Validation, users, items));
        }

        return new EvaluationSplit(description, users, items, test, validation);
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
