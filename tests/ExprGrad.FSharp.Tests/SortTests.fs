/// `Array.sort` and `sortDescending` in quotations: the sorted array is the input read through a permutation,
/// so ∂/∂xᵢ of a function of the sorted values is the partial of the slot xᵢ lands in. At a tie the sort is not
/// differentiable; the equal values keep their input order, so the first equal input takes the first equal slot.
module ExprGrad.FSharp.Tests.SortTests

open Xunit
open FsCheck.Xunit
open ExprGrad.FSharp
open ExprGrad.FSharp.Tests.Support

/// The slot each element lands in, equal values in input order (a stable sort), computed here by counting.
let private ranks (descending: bool) (x: float[]) =
    Array.init x.Length (fun i ->
        let before (j: int) = if descending then x[j] > x[i] else x[j] < x[i]
        Seq.length (seq { for j in 0 .. x.Length - 1 do if before j || (x[j] = x[i] && j < i) then yield j }))

/// Central differences move one element by about 1e-3: they see the same permutation only when no two elements
/// are that close.
let private wellSeparated (x: float[]) =
    let s = Array.sort x
    Array.forall (fun (a, b) -> b - a > 1e-2) (Array.pairwise s)

let private weighted (y: float[]) = y |> Array.mapi (fun j v -> float ((j + 1) * (j + 1)) * sin v * v) |> Array.sum

let private ascending = grad <@ fun (x: float[]) -> Array.sort x |> Array.mapi (fun j v -> float ((j + 1) * (j + 1)) * sin v * v) |> Array.sum @>
let private descending = grad <@ fun (x: float[]) -> Array.sortDescending x |> Array.mapi (fun j v -> float ((j + 1) * (j + 1)) * sin v * v) |> Array.sum @>

[<Property(MaxTest = 200, Replay = "(20261128,31)", Arbitrary = [| typeof<VectorGenerators> |])>]
let ``Array.sort sends each slot's adjoint to the element sorted into it`` (Vector x) =
    // Σⱼ (j+1)² sin(yⱼ) yⱼ with y = sort x: ∂/∂xᵢ = (rᵢ+1)² (sin xᵢ + xᵢ cos xᵢ), rᵢ the slot of xᵢ.
    let expected (r: int[]) = Array.init x.Length (fun i -> float ((r[i] + 1) * (r[i] + 1)) * (sin x[i] + x[i] * cos x[i]))
    assertClose $"sort at %A{x}" (expected (ranks false x)) (ascending x)
    assertClose $"sortDescending at %A{x}" (expected (ranks true x)) (descending x)
    if wellSeparated x then
        assertClose $"central differences at %A{x}" (numericGradient (Array.sort >> weighted) x) (ascending x)
        assertClose $"central differences, descending, at %A{x}" (numericGradient (Array.sortDescending >> weighted) x) (descending x)

[<Fact>]
let ``at a tie the first equal input takes the first slot`` () =
    // x = (2, 1, 2): sorted (1, 2, 2) from inputs 1, 0, 2; Σ (j+1)·yⱼ has slot weights 1, 2, 3, so ∂/∂x = (2, 1, 3).
    let g = grad <@ fun (x: float[]) -> Array.sort x |> Array.mapi (fun j v -> float (j + 1) * v) |> Array.sum @>
    Assert.Equal<float[]>([| 2.0; 1.0; 3.0 |], g [| 2.0; 1.0; 2.0 |])

let private ofSquares = grad <@ fun (x: float[]) -> let y = Array.sort (Array.map (fun v -> v * v) x) in y[0] + 2.0 * y[y.Length - 1] + Array.sum (Array.rev y) @>

[<Property(MaxTest = 100, Replay = "(20261128,37)", Arbitrary = [| typeof<VectorGenerators> |])>]
let ``sort of a map, indexed, reversed, against central differences`` (Vector x) =
    let f (x: float[]) = let y = Array.sort (Array.map (fun v -> v * v) x) in y[0] + 2.0 * y[y.Length - 1] + Array.sum (Array.rev y)
    if wellSeparated (Array.map (fun v -> v * v) x) then
        assertClose $"at %A{x}" (numericGradient f x) (ofSquares x)

[<Fact>]
let ``the Hessian of a sorted sum of squares is that of the unsorted one`` () =
    // Σⱼ (j+1) yⱼ² with y = sort x = (−1, 0.5, 2) from x = (2, −1, 0.5): slots 2, 0, 1, so H = diag(2·3, 2·1, 2·2).
    let h = hessian <@ fun (x: float[]) -> Array.sort x |> Array.mapi (fun j v -> float (j + 1) * v * v) |> Array.sum @> [| 2.0; -1.0; 0.5 |]
    Assert.Equal<float[]>([| 6.0; 0.0; 0.0; 0.0; 2.0; 0.0; 0.0; 0.0; 4.0 |], Array.concat (rows h))
