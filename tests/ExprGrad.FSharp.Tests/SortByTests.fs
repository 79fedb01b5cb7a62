/// `sortBy`, `sortByDescending`, `maxBy`, `minBy` and `distinct` in quotations: the result is the input read
/// through indices the values choose (no gradient through the choice), so ∂/∂xᵢ is the partial of the slot xᵢ
/// lands in, and zero for an element no slot reads. The values are checked against F#'s own functions (also at
/// equal keys, where Array.sortBy's unstable order decides which element comes first), the gradients against
/// central differences where no two keys (or values) are close enough for a step to reorder them.
module ExprGrad.FSharp.Tests.SortByTests

open Xunit
open FsCheck.Xunit
open ExprGrad.FSharp
open ExprGrad.FSharp.Tests.Support

/// Central differences move one element by about 1e-3: they see the same choice only when no two keys are close.
let private separated (keys: float[]) =
    Array.sort keys |> Array.pairwise |> Array.forall (fun (a, b) -> b - a > 1e-2)

let private weighted (y: float[]) = y |> Array.mapi (fun j v -> float ((j + 1) * (j + 1)) * sin v * v) |> Array.sum

/// A key with many ties (a third of the coordinates' range per key) and a key that is not monotone.
let private coarse (v: float) = round (3.0 * v)
let private square (v: float) = v * v

let private byCoarse = valueAndGrad <@ fun (x: float[]) -> Array.sortBy (fun v -> round (3.0 * v)) x |> Array.mapi (fun j v -> float ((j + 1) * (j + 1)) * sin v * v) |> Array.sum @>
let private bySquare = valueAndGrad <@ fun (x: float[]) -> Array.sortBy (fun v -> v * v) x |> Array.mapi (fun j v -> float ((j + 1) * (j + 1)) * sin v * v) |> Array.sum @>
let private bySquareDown = valueAndGrad <@ fun (x: float[]) -> Array.sortByDescending (fun v -> v * v) x |> Array.mapi (fun j v -> float ((j + 1) * (j + 1)) * sin v * v) |> Array.sum @>
let private coarseDown = valueAndGrad <@ fun (x: float[]) -> Array.sortByDescending (fun v -> round (3.0 * v)) x |> Array.mapi (fun j v -> float ((j + 1) * (j + 1)) * sin v * v) |> Array.sum @>
let private seqByDown = valueAndGrad <@ fun (x: float[]) -> Seq.sortByDescending (fun v -> round (3.0 * v)) x |> Seq.mapi (fun j v -> float ((j + 1) * (j + 1)) * sin v * v) |> Seq.sum @>
let private listBy = valueAndGrad <@ fun (x: float[]) -> List.sortBy (fun v -> round (3.0 * v)) (List.ofArray x) |> List.mapi (fun j v -> float ((j + 1) * (j + 1)) * sin v * v) |> List.sum @>

[<Property(MaxTest = 200, Replay = "(20261128,41)", Arbitrary = [| typeof<VectorGenerators> |])>]
let ``sortBy and sortByDescending give F#'s values and, between ties, central differences`` (Vector x) =
    // A step of the differences must change no key: round's keys only where no coordinate is near a rounding step.
    let awayFromSteps = x |> Array.forall (fun v -> abs (3.0 * v - round (3.0 * v)) < 0.49)
    let check name (f: float[] -> float * float[]) (reference: float[] -> float) (keys: float[]) =
        let value, gradient = f x
        Assert.True(close (reference x) value, $"{name} at %A{x}: F# gives {reference x}, got {value}")
        if separated keys && (awayFromSteps || keys = Array.map square x) then assertClose $"{name}, central differences at %A{x}" (numericGradient reference x) gradient
    check "sortBy round" byCoarse (Array.sortBy coarse >> weighted) (Array.map coarse x)
    check "sortByDescending round" coarseDown (Array.sortByDescending coarse >> weighted) (Array.map coarse x)
    check "List.sortBy round" listBy (List.ofArray >> List.sortBy coarse >> Array.ofList >> weighted) (Array.map coarse x)
    check "Seq.sortByDescending round" seqByDown (Seq.sortByDescending coarse >> Array.ofSeq >> weighted) (Array.map coarse x)
    check "sortBy square" bySquare (Array.sortBy square >> weighted) (Array.map square x)
    check "sortByDescending square" bySquareDown (Array.sortByDescending square >> weighted) (Array.map square x)

let private picks = valueAndGrad <@ fun (x: float[]) -> Array.maxBy (fun v -> sin (3.0 * v)) x * 2.0 + exp (Array.minBy (fun v -> v * v) x) @>

[<Property(MaxTest = 200, Replay = "(20261128,43)", Arbitrary = [| typeof<VectorGenerators> |])>]
let ``maxBy and minBy pick F#'s element and send the adjoint to it alone`` (Vector x) =
    let reference (x: float[]) = Array.maxBy (fun v -> sin (3.0 * v)) x * 2.0 + exp (Array.minBy square x)
    let value, gradient = picks x
    Assert.True(close (reference x) value, $"at %A{x}: F# gives {reference x}, got {value}")
    if separated (Array.map (fun v -> sin (3.0 * v)) x) && separated (Array.map square x) then
        assertClose $"central differences at %A{x}" (numericGradient reference x) gradient

[<Fact>]
let ``at equal keys maxBy takes the first`` () =
    // Keys |x| = (1, 1, 0.5): F#'s maxBy keeps the first of the equal keys, x[0] = −1, so the gradient of
    // 3·maxBy is (3, 0, 0), and the value −3.
    let value, gradient = valueAndGrad <@ fun (x: float[]) -> 3.0 * Array.maxBy abs x @> [| -1.0; 1.0; 0.5 |]
    Assert.Equal(-3.0, value)
    Assert.Equal<float[]>([| 3.0; 0.0; 0.0 |], gradient)

let private distinctSum = valueAndGrad <@ fun (x: float[]) -> Array.distinct (Array.map (fun v -> round (4.0 * v) / 4.0 + 0.1 * v) x) |> Array.mapi (fun j v -> float (j + 1) * v * v) |> Array.sum @>

[<Property(MaxTest = 200, Replay = "(20261128,47)", Arbitrary = [| typeof<VectorGenerators> |])>]
let ``distinct gives F#'s values and, away from ties, the identity's gradient`` (Vector x) =
    let reference (x: float[]) = Array.distinct (Array.map (fun v -> round (4.0 * v) / 4.0 + 0.1 * v) x) |> Array.mapi (fun j v -> float (j + 1) * v * v) |> Array.sum
    let value, gradient = distinctSum x
    Assert.True(close (reference x) value, $"at %A{x}: F# gives {reference x}, got {value}")
    // Rounding makes the derivative piecewise: differences straddling a rounding step would be meaningless.
    let awayFromSteps = x |> Array.forall (fun v -> abs (4.0 * v - round (4.0 * v)) < 0.49)
    if awayFromSteps && separated (Array.map (fun v -> round (4.0 * v) / 4.0 + 0.1 * v) x) then
        assertClose $"central differences at %A{x}" (numericGradient reference x) gradient

[<Fact>]
let ``at a tie distinct sends the slot's adjoint to the first equal input`` () =
    // x = (2, 1, 2): distinct keeps (2, 1) from inputs 0 and 1; Σ (j+1)·yⱼ has slot weights 1, 2, so ∂/∂x = (1, 2, 0):
    // the repeated input feeds no slot.
    let value, gradient = valueAndGrad <@ fun (x: float[]) -> Array.distinct x |> Array.mapi (fun j v -> float (j + 1) * v) |> Array.sum @> [| 2.0; 1.0; 2.0 |]
    Assert.Equal(4.0, value)
    Assert.Equal<float[]>([| 1.0; 2.0; 0.0 |], gradient)
