// Arrow keys move between the rows of a list of buttons, as in a file
// manager; Tab still moves in and out of the list.

export function arrowNavigation(event: KeyboardEvent): void {
  if (event.key !== "ArrowDown" && event.key !== "ArrowUp" && event.key !== "Home" && event.key !== "End") return;
  const list = event.currentTarget as HTMLElement;
  const rows = Array.from(list.querySelectorAll<HTMLButtonElement>("button.row"));
  if (rows.length === 0) return;
  const at = rows.indexOf(document.activeElement as HTMLButtonElement);
  let next = at;
  if (event.key === "ArrowDown") next = Math.min(rows.length - 1, at + 1);
  else if (event.key === "ArrowUp") next = Math.max(0, at - 1);
  else if (event.key === "Home") next = 0;
  else next = rows.length - 1;
  event.preventDefault();
  rows[next].focus();
}
