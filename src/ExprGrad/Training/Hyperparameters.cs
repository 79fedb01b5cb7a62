namespace ExprGrad.Training;

/// <summary>Range checks of optimizer hyperparameters, naming the argument.</summary>
internal static class Hyperparameters
{
    /// <summary>A value in [0, 1).</summary>
    public static double Fraction(double value, string name) =>
        value >= 0 && value < 1 ? value : throw new ArgumentOutOfRangeException(name, value, $"{name} must be in [0, 1).");

    /// <summary>A finite value ≥ 0.</summary>
    public static double NonNegative(double value, string name) =>
        double.IsFinite(value) && value >= 0 ? value : throw new ArgumentOutOfRangeException(name, value, $"{name} must be finite and non-negative.");
}
