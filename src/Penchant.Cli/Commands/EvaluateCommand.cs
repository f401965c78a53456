using System.CommandLine;
using System.Globalization;
using Penchant.Cli.Evaluation;
using Penchant.Core.Evaluation;
using Penchant.Storage.Datasets;
using Spectre.Console;

namespace Penchant.Cli.Commands;

/// <summary>
/// <c>penchant evaluate</c>: offline evaluation of the recommenders on a data set file, with hyperparameters
/// chosen on a validation part of the training data and figures on the test part.
/// </summary>
internal static class EvaluateCommand
{
    public static Command Create()
    {
        var format = new Option<string>("--format", "-f") { Description = "Data format: movielens (u.data, u1.base), movielens-csv (ratings.csv), beauty (S3-Rec sequences), amazon (reviews JSON Lines), events (Penchant events CSV), baskets (one basket per line, items comma-separated; each basket is a user and leave-one-out holds out a random item of it).", Required = true };
        var data = new Option<string?>("--data", "-d") { Description = "One data file to split." };
        var train = new Option<string?>("--train") { Description = "Training file of a predefined split (e.g. u1.base)." };
        var test = new Option<string?>("--test") { Description = "Test file of a predefined split (e.g. u1.test)." };
        var split = new Option<string?>("--split", "-s") { Description = "loo (leave last out per user), time (global time cut), random (seeded ratio split), predefined (--train/--test). Default: predefined with --train/--test, else loo." };
        var testFraction = new Option<double>("--test-fraction") { Description = "Time split: the newest share of records held out.", DefaultValueFactory = _ => 0.2 };
        var timeCut = new Option<string?>("--time-cut") { Description = "Time split: hold out records at or after this time (Unix seconds or ISO 8601)." };
        var ratio = new Option<string>("--ratio") { Description = "Random split train:validation:test ratio (RecBole default 8:1:1).", DefaultValueFactory = _ => "8:1:1" };
        var global = new Option<bool>("--global") { Description = "Random split over all records at once instead of per user (RecBole group_by user); with --train/--test, a global random validation carve instead of one shaped like the test part." };
        var k = new Option<int>("-k", "--k") { Description = "Cut-off K of the top-K metrics and lists.", DefaultValueFactory = _ => 10 };
        var models = new Option<string?>("--models", "-m") { Description = $"Comma-separated models to run (default: {string.Join(", ", ModelCatalog.All.Select(static e => e.Name))}; also on request: {string.Join(", ", ModelCatalog.OnRequest.Select(static e => e.Name))})." };
        var model = new Option<string?>("--model") { Description = "The model whose lists --export-lists writes (default: best NDCG@K on validation)." };
        var outDir = new Option<string?>("--out", "-o") { Description = "Directory for metrics.csv, metrics.json and metrics.svg." };
        var exportLists = new Option<string?>("--export-lists") { Description = "Write every test user's top-K list as user,item,rank." };
        var sampled = new Option<int>("--sampled-negatives") { Description = "Also report SAMPLED metrics with N negatives per positive (off by default).", DefaultValueFactory = _ => 0 };
        var seed = new Option<int>("--seed") { Description = "Seed of splits, sampling and training.", DefaultValueFactory = _ => 42 };
        var minRating = new Option<double?>("--min-rating") { Description = "Keep only records rated at least this (default: every rating is a positive)." };
        var noTune = new Option<bool>("--no-tune") { Description = "Use each model's default configuration instead of the validation grid search." };
        var hybrid = new Option<bool>("--hybrid") { Description = "Also grid-search blend weights over the best 2-3 models on validation." };
        var hybridPool = new Option<int>("--hybrid-pool") { Description = "With --hybrid: draw the blend's components from the N best models on validation (default 5; 0: every model run).", DefaultValueFactory = _ => 5 };
        var hybridSettings = new Option<int>("--hybrid-settings") { Description = "With --hybrid: each pooled model offers its N best configurations on validation as separate candidates, so a blend's partners are tuned for the blend rather than alone (default 1).", DefaultValueFactory = _ => 1 };
        var hybridWeights = new Option<string>("--hybrid-weights") { Description = "With --hybrid: grid (search each blend's weights on validation in steps of 0.1, the default) or equal (every component the same weight; validation chooses only the components).", DefaultValueFactory = _ => "grid" };
        var hybridScale = new Option<string>("--hybrid-scale") { Description = "With --hybrid: candidates (z-score each component over the items outside the history, the default) or all (over every item, as before session 11).", DefaultValueFactory = _ => "candidates" };
        var refitRidge = new Option<string>("--refit-ridge") { Description = "When the chosen configurations are refitted on all training records for the test: none (as chosen, the default), profile (EASE-family λ times the validation users' history length in the carves over their length in all training records, for the longer histories the test ranks from), or a factor such as 0.6.", DefaultValueFactory = _ => "none" };
        var itemFeatures = new Option<string?>("--item-features") { Description = "JSON object of item id to feature ids (e.g. Beauty_item2attributes.json); intra-list diversity then uses feature Jaccard instead of interaction cosine." };
        var carves = new Option<int>("--validation-carves") { Description = "With --train/--test: carve N validation parts from the training records (seeds --seed, --seed + 1, ...) and choose configurations, blend weights and the exported model on their mean NDCG@K (default 1).", DefaultValueFactory = _ => 1 };
        var validationUsers = new Option<string>("--validation-users") { Description = "With --train/--test: whose training records the validation carve holds out: sample (a random sample of all users, as many as have test records) or test (the users with test records themselves).", DefaultValueFactory = _ => "sample" };
        var bootstrap = new Option<int>("--bootstrap") { Description = "Resample the test users N times (e.g. 2000) and report each model's precision@K with a 95% interval, and its paired difference from the exported model (default 0: off).", DefaultValueFactory = _ => 0 };
        var dropUnseen = new Option<bool>("--drop-unseen-items") { Description = "Drop held-out items never seen in training from relevant items and candidates (default: keep, all-items ranking)." };

        var command = new Command("evaluate", "Evaluate recommenders offline: split, tune on validation, test with full ranking, export metrics and lists.");
        foreach (var option in new Option[] { format, data, train, test, split, testFraction, timeCut, ratio, global, k, models, model, outDir, exportLists, sampled, seed, minRating, noTune, hybrid, hybridPool, hybridSettings, hybridWeights, hybridScale, refitRidge, itemFeatures, dropUnseen, carves, validationUsers, bootstrap })
        {
            command.Options.Add(option);
        }

        command.SetAction((parse, cancellation) =>
        {
            var console = AnsiConsole.Console;
            try
            {
                if (!DatasetReader.TryParseFormat(parse.GetValue(format), out var datasetFormat))
                {
                    throw new ArgumentException($"Unknown --format '{parse.GetValue(format)}'.");
                }

                var trainPath = parse.GetValue(train);
                var testPath = parse.GetValue(test);
                var settings = new EvaluateSettings
                {
                    Format = datasetFormat,
                    Data = parse.GetValue(data),
                    Train = trainPath,
                    Test = testPath,
                    Split = (parse.GetValue(split) ?? (trainPath is not null && testPath is not null ? "predefined" : "loo")).Trim().ToLowerInvariant(),
                    TestFraction = parse.GetValue(testFraction),
                    TimeCut = ParseTime(parse.GetValue(timeCut)),
                    Ratio = ParseRatio(parse.GetValue(ratio) ?? "8:1:1"),
                    GlobalRandom = parse.GetValue(global),
                    K = parse.GetValue(k),
                    Models = (parse.GetValue(models) ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
                    ListModel = parse.GetValue(model),
                    OutDirectory = parse.GetValue(outDir),
                    ExportLists = parse.GetValue(exportLists),
                    SampledNegatives = parse.GetValue(sampled),
                    Seed = parse.GetValue(seed),
                    MinRating = parse.GetValue(minRating),
                    NoTune = parse.GetValue(noTune),
                    Hybrid = parse.GetValue(hybrid),
                    HybridPool = parse.GetValue(hybridPool),
                    HybridSettings = parse.GetValue(hybridSettings),
                    HybridWeights = (parse.GetValue(hybridWeights) ?? "grid").Trim().ToLowerInvariant() switch
                    {
                        "grid" => BlendWeighting.Grid,
                        "equal" => BlendWeighting.Equal,
                        var other => throw new ArgumentException($"--hybrid-weights must be grid or equal, not '{other}'."),
                    },
                    HybridScale = (parse.GetValue(hybridScale) ?? "candidates").Trim().ToLowerInvariant() switch
                    {
                        "candidates" => Core.Recommenders.Hybrid.ScoreNormalization.ZScoreCandidates,
                        "all" => Core.Recommenders.Hybrid.ScoreNormalization.ZScore,
                        var other => throw new ArgumentException($"--hybrid-scale must be candidates or all, not '{other}'."),
                    },
                    RefitRidge = (parse.GetValue(refitRidge) ?? "none").Trim().ToLowerInvariant() switch
                    {
                        "none" => 1,
                        "profile" => null,
                        var other => double.TryParse(other, NumberStyles.Float, CultureInfo.InvariantCulture, out var factor) && factor > 0 && double.IsFinite(factor)
                            ? factor
                            : throw new ArgumentException($"--refit-ridge must be none, profile or a positive factor, not '{other}'."),
                    },
                    ItemFeatures = parse.GetValue(itemFeatures),
                    UnseenItems = parse.GetValue(dropUnseen) ? UnseenItemPolicy.Drop : UnseenItemPolicy.Keep,
                    ValidationCarves = parse.GetValue(carves),
                    Bootstrap = parse.GetValue(bootstrap),
                    ValidationFromTestUsers = (parse.GetValue(validationUsers) ?? "sample").Trim().ToLowerInvariant() switch
                    {
                        "sample" => false,
                        "test" => true,
                        var other => throw new ArgumentException($"--validation-users must be sample or test, not '{other}'."),
                    },
                };
                if (settings.K <= 0)
                {
                    throw new ArgumentException("-k must be positive.");
                }

                if (settings.ValidationFromTestUsers && settings.GlobalRandom)
                {
                    throw new ArgumentException("--validation-users test and --global ask for different validation carves; give one of them.");
                }

                if (settings.Bootstrap is < 0 or 1)
                {
                    throw new ArgumentException("--bootstrap must be 0 (off) or at least 2 resamples.");
                }

                if (settings.HybridPool is < 0 or 1)
                {
                    throw new ArgumentException("--hybrid-pool must be 0 (every model) or at least 2.");
                }

                if (settings.HybridSettings < 1)
                {
                    throw new ArgumentException("--hybrid-settings must be at least 1.");
                }

                if (settings.ValidationCarves <= 0)
                {
                    throw new ArgumentException("--validation-carves must be positive.");
                }

                return Task.FromResult(EvaluationRun.Run(settings, console, cancellation));
            }
            catch (Exception e) when (e is ArgumentException or DatasetFormatException or IOException or UnauthorizedAccessException)
            {
                console.MarkupLine($"[red]error:[/] {Markup.Escape(e.Message)}");
                return Task.FromResult(1);
            }
        });
        return command;
    }

    private static long? ParseTime(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        if (long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var seconds))
        {
            return seconds;
        }

        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at)
            ? at.ToUnixTimeSeconds()
            : throw new ArgumentException($"--time-cut '{text}' is neither Unix seconds nor ISO 8601.");
    }

    private static (double, double, double) ParseRatio(string text)
    {
        var parts = text.Split(':', '/', ',');
        if (parts.Length != 3
            || !double.TryParse(parts[0], NumberStyles.Float, CultureInfo.InvariantCulture, out var a)
            || !double.TryParse(parts[1], NumberStyles.Float, CultureInfo.InvariantCulture, out var b)
            || !double.TryParse(parts[2], NumberStyles.Float, CultureInfo.InvariantCulture, out var c)
            || a <= 0 || b < 0 || c <= 0)
        {
            throw new ArgumentException($"--ratio '{text}' must be train:validation:test, e.g. 8:1:1.");
        }

        return (a, b, c);
    }
}
